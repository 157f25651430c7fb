import { serverCommand } from '../child/protocol.js';
import { Checks } from './_checks.js';
import {
  CLOSE_DONE,
  eventsOf,
  expectMessage,
  expectOneClose,
  healthy,
  serverEvents,
  textData,
  WAIT_MS,
} from './_connection.js';
import type { Scenario } from './_types.js';

export const throwingListener: Scenario = {
  id: 'throwing-listener',
  title:
    'A message listener that throws never kills the process or the connection: later messages and the close still arrive, on the client and on the server',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const record = await cell.connection({
      peer: 'server',
      throwingListeners: 1,
      steps: [
        { op: 'send', data: textData('one') },
        { op: 'await-messages', count: 1, timeoutMs: WAIT_MS },
        { op: 'send', data: textData(serverCommand('throw')) },
        { op: 'send', data: textData('two') },
        { op: 'await-messages', count: 2, timeoutMs: WAIT_MS },
        // with a reason: ws 3 sends an empty close frame for a bare close(1000) (a known quirk)
        ...CLOSE_DONE,
      ],
    });
    const outcome = healthy(checks, record, 'throwing listener');
    if (outcome === null) return checks.verdict();
    const messages = eventsOf(outcome, 'message');
    expectMessage(checks, messages[0], 'text', 'one', 'client: first message (its listener threw)');
    expectMessage(checks, messages[1], 'text', 'two', 'client: a later message');
    checks.that(
      eventsOf(outcome, 'listener-error').length === messages.length,
      `client: ${eventsOf(outcome, 'listener-error').length} listener errors reported for ${messages.length} messages`,
    );
    expectOneClose(checks, outcome, { code: 1000, wasClean: true }, 'client');
    const server = serverEvents(checks, record.server, 'server');
    checks.that(
      server.some((event) => event.type === 'listener-error'),
      'server: its throwing listener was not reported to onListenerError',
    );
    checks.that(
      server.some((event) => event.type === 'close' && event.code === 1000),
      'server: no close 1000 after its listener threw',
    );
    return checks.verdict();
  },
};
