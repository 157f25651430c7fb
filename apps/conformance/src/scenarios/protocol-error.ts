import { connectRaw, encodeFrame } from '@ws-compat/wire';
import type { Checks } from './_checks.js';
import {
  answerClose,
  awaitOpened,
  byHalves,
  eventsOf,
  expectOneClose,
  lived,
  opened,
  SAY_OPENED,
  serverEvents,
  showEvents,
  WAIT_MS,
  withRawServer,
} from './_connection.js';
import type { CellContext, Scenario } from './_types.js';

/** Opcode 0x3 is reserved (RFC 6455 5.2): every endpoint must fail the connection. */
const RESERVED_OPCODE = 0x3;

/** Once the client opened, a raw server sends a reserved-opcode frame: the client reports one error, then one close 1006. */
async function clientSide(cell: CellContext, checks: Checks): Promise<void> {
  await withRawServer({}, async (server) => {
    const recording = cell.connection({
      peer: { url: server.url },
      steps: [SAY_OPENED, { op: 'await-close', timeoutMs: WAIT_MS }],
    });
    const peer = await server.next();
    checks.that(await awaitOpened(peer), 'reserved opcode: the client sent no message after open');
    await peer.write(encodeFrame({ opcode: RESERVED_OPCODE, payload: 'x' }));
    await answerClose(peer);
    const outcome = lived(checks, await recording, 'reserved opcode');
    if (outcome === null || !opened(checks, outcome, 'reserved opcode')) return;
    const errors = eventsOf(outcome, 'error');
    const close = expectOneClose(checks, outcome, { code: 1006, wasClean: false }, 'client');
    checks.that(
      errors.length === 1 && close !== undefined && errors[0]!.at <= close.at,
      `client: expected one error event before the close, saw ${showEvents(outcome.events)}`,
    );
  });
}

/** A raw client sends a reserved-opcode frame: the server's socket reports an error and closes. */
async function serverSide(cell: CellContext, checks: Checks): Promise<void> {
  const target = cell.rawTarget();
  const peer = await connectRaw(`ws://127.0.0.1:${target.port}${target.path}`);
  let answer = 'nothing';
  try {
    await peer.sendFrame({ opcode: RESERVED_OPCODE, payload: 'x' });
    const event = await peer.waitForEvent(
      (candidate) => candidate.type !== 'frame' || candidate.frame.opcode === 0x8,
      WAIT_MS,
    );
    answer = event.type === 'frame' ? `close frame ${event.frame.payload.readUInt16BE(0)}` : event.type;
  } catch {
    answer = 'nothing (no close frame, no TCP close)';
  } finally {
    peer.destroy();
  }
  checks.that(
    answer === 'close frame 1002' || answer === 'fin' || answer === 'close',
    `server: answered the reserved opcode with ${answer}, expected a close frame 1002 or a TCP close`,
  );
  const events = serverEvents(checks, await target.report(WAIT_MS, true), 'server');
  const error = events.findIndex((event) => event.type === 'error');
  const close = events.findIndex((event) => event.type === 'close');
  checks.that(
    error !== -1 && close > error,
    `server: expected an error event then a close event, saw ${showEvents(events)}`,
  );
}

export const protocolError: Scenario = {
  id: 'protocol-error',
  title:
    'A frame with a reserved opcode is reported as one error and followed by one close, on the client and on the server; the process lives',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  run: byHalves(clientSide, serverSide),
};
