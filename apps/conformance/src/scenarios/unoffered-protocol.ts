import { Checks } from './_checks.js';
import { eventsOf, expectOneClose, lived, showEvents, WAIT_MS, withRawServer } from './_connection.js';
import type { Scenario } from './_types.js';

export const unofferedProtocol: Scenario = {
  id: 'unoffered-protocol',
  title:
    'A 101 that selects a subprotocol the client never offered fails the handshake: an error, one close 1006, no open; the process lives (through createWebSocket and with the bare constructor)',
  perServer: false,
  reference: ['clients'],
  async run(cell) {
    const checks = new Checks();
    // through the shims, then with the bare constructor (what users without header-options write)
    for (const [label, bare] of [
      ['createWebSocket', false],
      ['bare new WebSocket(url)', true],
    ] as const) {
      await withRawServer({ protocol: 'chat' }, async (server) => {
        const record = await cell.connection({
          peer: { url: server.url },
          bare,
          // short: a client that waits for the peer's TCP close after refusing (websockets 10.4 waits
          // its close_timeout) is not held for the default; the raw peer never closes
          closeTimeoutMs: 1_000,
          openTimeoutMs: WAIT_MS,
          // a refusing client has closed when the open wait ends (CONNECTING goes straight to CLOSED),
          // so this only bounds how long a client that opened is watched
          steps: [{ op: 'await-close', timeoutMs: 1_000 }],
        });
        const outcome = lived(checks, record, label);
        if (outcome === null) return;
        checks.that(
          eventsOf(outcome, 'open').length === 0,
          `${label}: the socket opened: ${showEvents(outcome.events)}`,
        );
        checks.that(
          eventsOf(outcome, 'error').length === 1,
          `${label}: expected one error event, saw ${showEvents(outcome.events)}`,
        );
        expectOneClose(checks, outcome, { code: 1006, wasClean: false }, label);
      });
    }
    return checks.verdict();
  },
};
