import type { BinaryView, ScriptBinaryType } from '../child/protocol.js';
import { Checks } from './_checks.js';
import {
  ALL_BYTES,
  base64,
  binaryKind,
  CLOSE_DONE,
  eventsOf,
  expectMessage,
  expectOneClose,
  healthy,
  inBrowser,
  serverEvents,
  WAIT_MS,
} from './_connection.js';
import type { Scenario } from './_types.js';

/** Every way to hand bytes to send(): each must put exactly the 256 byte values on the wire. */
const VIEWS: readonly BinaryView[] = ['arraybuffer', 'uint8array', 'uint16array', 'dataview', 'blob'];

export const binaryRoundTrip: Scenario = {
  id: 'binary-round-trip',
  title:
    "Binary messages come back as binaryType says ('blob', 'arraybuffer', 'nodebuffer' in Node), exact bytes from every view; an unknown binaryType is ignored",
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const types: ScriptBinaryType[] = inBrowser(cell)
      ? ['blob', 'arraybuffer']
      : ['blob', 'arraybuffer', 'nodebuffer'];
    for (const binaryType of types) {
      const label = `binaryType '${binaryType}'`;
      const record = await cell.connection({
        peer: 'server',
        steps: [
          { op: 'binary-type', value: binaryType },
          // an unknown value is ignored (WHATWG) and never reaches the implementation
          { op: 'binary-type', value: 'bogus' },
          ...VIEWS.map((view) => ({
            op: 'send' as const,
            data: { kind: 'binary' as const, base64: base64(ALL_BYTES), view },
          })),
          { op: 'await-messages', count: VIEWS.length, timeoutMs: WAIT_MS },
          ...CLOSE_DONE,
        ],
      });
      const outcome = healthy(checks, record, label);
      if (outcome === null) continue;
      const messages = eventsOf(outcome, 'message');
      checks.that(
        messages.length === VIEWS.length,
        `${label}: ${messages.length} messages, expected ${VIEWS.length}`,
      );
      VIEWS.forEach((view, index) => {
        expectMessage(checks, messages[index], binaryType, ALL_BYTES, `${label}: sent as ${view}`);
      });
      expectOneClose(checks, outcome, { code: 1000, wasClean: true }, label);
      const received = serverEvents(checks, record.server, `${label}: server`).filter(
        (event) => event.type === 'message',
      );
      VIEWS.forEach((view, index) => {
        expectMessage(
          checks,
          received[index],
          binaryKind(cell, 'server'),
          ALL_BYTES,
          `${label}: server got ${view}`,
        );
      });
    }
    return checks.verdict();
  },
};
