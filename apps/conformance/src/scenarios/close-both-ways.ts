import { serverCommand } from '../child/protocol.js';
import { Checks } from './_checks.js';
import {
  type CloseEvent,
  expectCloseFields,
  expectOneClose,
  healthy,
  serverEvents,
  textData,
  WAIT_MS,
} from './_connection.js';
import type { CellContext, ConnectionRecord, Scenario } from './_types.js';

/** The server socket's close event, or undefined. */
function serverClose(checks: Checks, record: ConnectionRecord, label: string): CloseEvent | undefined {
  return serverEvents(checks, record.server, label).find(
    (event): event is CloseEvent => event.type === 'close',
  );
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
  // the server's event: the client's code and reason; after its own close, the code of the answer
  expectCloseFields(
    checks,
    serverClose(checks, record, label),
    byServer ? { code: expected.code, wasClean: true } : { ...expected, wasClean: true },
    'server',
    `${label}: server close event`,
  );
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
