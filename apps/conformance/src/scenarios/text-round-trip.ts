import type { ObservedEvent } from '../child/protocol.js';
import { Checks } from './_checks.js';
import {
  CLOSE_DONE,
  type CloseEvent,
  eventsOf,
  expectCloseFields,
  expectMessage,
  expectOneClose,
  healthy,
  NON_ASCII_TEXT,
  serverEvents,
  textData,
  WAIT_MS,
} from './_connection.js';
import type { Scenario } from './_types.js';

/**
 * The server's socket saw the client's close(1000, 'done') (CLOSE_DONE): one close event with that code
 * and reason, and wasClean true where its library reports one.
 */
export function expectServerCloseDone(checks: Checks, events: readonly ObservedEvent[]): void {
  const close = events.find((event): event is CloseEvent => event.type === 'close');
  expectCloseFields(
    checks,
    close,
    { code: 1000, reason: 'done', wasClean: true },
    'server',
    'server: close event',
  );
}

export const textRoundTrip: Scenario = {
  id: 'text-round-trip',
  title: 'A non-ASCII text message goes out and comes back as the same string, then a clean close 1000',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const record = await cell.connection({
      peer: 'server',
      steps: [
        { op: 'send', data: textData(NON_ASCII_TEXT) },
        { op: 'await-messages', count: 1, timeoutMs: WAIT_MS },
        ...CLOSE_DONE,
      ],
    });
    const outcome = healthy(checks, record, 'text round trip');
    if (outcome === null) return checks.verdict();
    const messages = eventsOf(outcome, 'message');
    checks.that(messages.length === 1, `client: ${messages.length} messages, expected the one echo`);
    expectMessage(checks, messages[0], 'text', NON_ASCII_TEXT, 'client: the echo');
    expectOneClose(checks, outcome, { code: 1000, reason: 'done', wasClean: true }, 'client');
    const server = serverEvents(checks, record.server, 'server');
    const received = server.filter((event) => event.type === 'message');
    expectMessage(checks, received[0], 'text', NON_ASCII_TEXT, 'server: the message');
    expectServerCloseDone(checks, server);
    return checks.verdict();
  },
};
