import { serverCommand } from '../child/protocol.js';
import { Checks } from './_checks.js';
import { expectOneClose, healthy, serverEvents, textData, WAIT_MS } from './_connection.js';
import type { CellContext, ConnectionRecord, Scenario } from './_types.js';

/** The server socket's close event as [code, reason, wasClean], or null. */
function serverClose(
  checks: Checks,
  record: ConnectionRecord,
  label: string,
): [number, string, boolean] | null {
  const close = serverEvents(checks, record.server, label).find((event) => event.type === 'close');
  return close === undefined ? null : [close.code, close.reason, close.wasClean];
}

async function closeBy(
  cell: CellContext,
  checks: Checks,
  label: string,
  close: { code: number | null; reason?: string },
  expected: { code: number; reason: string },
): Promise<void> {
  const byServer = label.startsWith('server');
  const record = await cell.connection({
    peer: 'server',
    steps: byServer
      ? [
          { op: 'send', data: textData(serverCommand('close', close.code ?? 1000, close.reason ?? '')) },
          { op: 'await-close', timeoutMs: WAIT_MS },
        ]
      : [
          close.reason === undefined
            ? { op: 'close', code: close.code }
            : { op: 'close', code: close.code, reason: close.reason },
          { op: 'await-close', timeoutMs: WAIT_MS },
        ],
  });
  const outcome = healthy(checks, record, label);
  if (outcome === null) return;
  // the receiving end gets code and reason; the initiator's event carries the peer's answer, whose
  // reason RFC 6455 leaves to the peer (undici answers with the code alone)
  expectOneClose(
    checks,
    outcome,
    byServer ? { ...expected, wasClean: true } : { code: expected.code, wasClean: true },
    `${label}: client`,
  );
  const server = serverClose(checks, record, label);
  if (byServer) {
    checks.equal(
      server === null ? null : [server[0], server[2]],
      [expected.code, true],
      `${label}: server close event [code, wasClean]`,
    );
  } else {
    checks.equal(
      server,
      [expected.code, expected.reason, true],
      `${label}: server close event [code, reason, wasClean]`,
    );
  }
}

export const closeBothWays: Scenario = {
  id: 'close-both-ways',
  title:
    'close(code, reason) from the client and from the server arrives on both ends (non-ASCII reason, wasClean); close(undefined, reason) sends 1000 with the reason',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const clientReason = 'client ✓ bye';
    await closeBy(
      cell,
      checks,
      'client closes 4001',
      { code: 4001, reason: clientReason },
      {
        code: 4001,
        reason: clientReason,
      },
    );
    await closeBy(
      cell,
      checks,
      'client closes (undefined, "why")',
      { code: null, reason: 'why' },
      {
        code: 1000,
        reason: 'why',
      },
    );
    // a bare close(1000): ws 3 sends (and answers with) an empty close frame, which reads as 1005
    await closeBy(
      cell,
      checks,
      'client closes 1000 without a reason',
      { code: 1000 },
      {
        code: 1000,
        reason: '',
      },
    );
    const serverReason = 'server ✓ bye';
    await closeBy(
      cell,
      checks,
      'server closes 4002',
      { code: 4002, reason: serverReason },
      {
        code: 4002,
        reason: serverReason,
      },
    );
    return checks.verdict();
  },
};
