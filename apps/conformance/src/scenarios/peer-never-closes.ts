import { closeFrame, connectRaw } from '@ws-compat/wire';
import { serverCommand } from '../child/protocol.js';
import { SERVER_CLOSE_TIMEOUT_MS } from '../child/server-connection.js';
import type { Checks } from './_checks.js';
import {
  byHalves,
  eventsOf,
  expectOneClose,
  lived,
  opened,
  serverEvents,
  showEvents,
  WAIT_MS,
  withRawServer,
} from './_connection.js';
import type { CellContext, Scenario } from './_types.js';

/** The client's closeTimeoutMs here: short, the peer never answers. */
const CLOSE_TIMEOUT_MS = 1_000;
/** Beyond closeTimeoutMs: timers and IPC on a busy machine. */
const LATE_MS = 1_500;
/**
 * How long the server side waits for the server's close event: its configured close timeout
 * (SERVER_CLOSE_TIMEOUT_MS), or a fixed one the server's API does not let the app set (tornado 6.2:
 * 5 s), with slack for a busy machine; a server that takes longer (uvicorn's websockets backend: 10 s)
 * fails every time, not only on a loaded machine.
 */
const SERVER_END_WAIT_MS = Math.max(SERVER_CLOSE_TIMEOUT_MS, 5_000) + WAIT_MS;

/**
 * The client closes; the raw server never answers and never closes TCP: `close` must still fire, 1006
 * after CLOSE_TIMEOUT, within closeTimeoutMs. Then the peer sends a close frame and holds TCP open.
 */
async function clientSide(cell: CellContext, checks: Checks): Promise<void> {
  await withRawServer({}, async (server) => {
    const recording = cell.connection({
      peer: { url: server.url },
      closeTimeoutMs: CLOSE_TIMEOUT_MS,
      steps: [
        { op: 'close', code: 1000 },
        { op: 'await-close', timeoutMs: CLOSE_TIMEOUT_MS + WAIT_MS },
      ],
    });
    await server.next(); // and never write or end anything
    const outcome = lived(checks, await recording, 'silent peer');
    if (outcome === null || !opened(checks, outcome, 'silent peer')) return;
    const close = expectOneClose(checks, outcome, { code: 1006, wasClean: false }, 'silent peer');
    const closeStep = eventsOf(outcome, 'step')[0];
    if (close !== undefined && closeStep !== undefined) {
      checks.that(
        close.at - closeStep.at <= CLOSE_TIMEOUT_MS + LATE_MS,
        `silent peer: close came ${close.at - closeStep.at} ms after close(), closeTimeoutMs is ${CLOSE_TIMEOUT_MS}`,
      );
    }
    const errors = eventsOf(outcome, 'error');
    checks.that(
      errors.length === 1 && errors[0]?.code === 'CLOSE_TIMEOUT',
      `silent peer: expected one error CLOSE_TIMEOUT, saw ${showEvents(outcome.events)}`,
    );
  });
  await withRawServer({}, async (server) => {
    const recording = cell.connection({
      peer: { url: server.url },
      closeTimeoutMs: CLOSE_TIMEOUT_MS,
      steps: [{ op: 'await-close', timeoutMs: CLOSE_TIMEOUT_MS + WAIT_MS }],
    });
    const peer = await server.next();
    await peer.write(closeFrame(4000, 'bye'));
    // the client answers with its close frame; this side keeps TCP open
    const outcome = lived(checks, await recording, 'peer closes, keeps TCP');
    if (outcome === null || !opened(checks, outcome, 'peer closes, keeps TCP')) return;
    const close = expectOneClose(checks, outcome, { code: [4000, 1006] }, 'peer closes, keeps TCP');
    checks.that(
      close === undefined || close.at <= CLOSE_TIMEOUT_MS + LATE_MS + (eventsOf(outcome, 'open')[0]?.at ?? 0),
      `peer closes, keeps TCP: close came at ${close?.at} ms`,
    );
  });
}

/** The server closes on command; the raw client never answers: the server's close event still comes. */
async function serverSide(cell: CellContext, checks: Checks): Promise<void> {
  const target = cell.rawTarget();
  const peer = await connectRaw(`ws://127.0.0.1:${target.port}${target.path}`);
  try {
    await peer.sendText(serverCommand('close', 4003, 'bye'));
    const report = await target.report(SERVER_END_WAIT_MS, true);
    const events = serverEvents(checks, report, 'server');
    const close = events.find((event) => event.type === 'close');
    checks.that(
      close !== undefined,
      `server: no close event while the peer holds TCP: ${showEvents(events)}`,
    );
  } finally {
    peer.destroy();
  }
}

export const peerNeverCloses: Scenario = {
  id: 'peer-never-closes',
  title:
    'A peer that never closes TCP: the close event still fires within closeTimeoutMs (error CLOSE_TIMEOUT, 1006), on the client and on the server',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  run: byHalves(clientSide, serverSide),
};
