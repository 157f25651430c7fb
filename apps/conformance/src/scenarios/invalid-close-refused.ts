import { serverCommand } from '../child/protocol.js';
import { Checks } from './_checks.js';
import {
  CLOSE_DONE,
  eventsOf,
  expectMessage,
  expectOneClose,
  healthy,
  textData,
  WAIT_MS,
} from './_connection.js';
import type { Scenario } from './_types.js';

/** close() arguments the standard refuses, and the DOMException each must throw. */
const INVALID: readonly { code: number; reason?: string; name: string }[] = [
  { code: 1001, name: 'InvalidAccessError' },
  { code: 999, name: 'InvalidAccessError' },
  { code: 5000, name: 'InvalidAccessError' },
  { code: 4000, reason: 'x'.repeat(124), name: 'SyntaxError' },
];

export const invalidCloseRefused: Scenario = {
  id: 'invalid-close-refused',
  title:
    'close() with an invalid code or a reason over 123 bytes throws the DOMException and leaves the socket open and usable, on the client and on the server',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const record = await cell.connection({
      peer: 'server',
      steps: [
        ...INVALID.map(({ code, reason }) =>
          reason === undefined ? { op: 'close' as const, code } : { op: 'close' as const, code, reason },
        ),
        { op: 'send', data: textData('still open') },
        { op: 'send', data: textData(serverCommand('close-invalid', 1001)) },
        { op: 'send', data: textData('server still open') },
        { op: 'await-messages', count: 3, timeoutMs: WAIT_MS },
        ...CLOSE_DONE,
      ],
    });
    const outcome = healthy(checks, record, 'invalid close');
    if (outcome === null) return checks.verdict();
    const steps = eventsOf(outcome, 'step');
    INVALID.forEach(({ code, reason, name }, index) => {
      const label = `client close(${code}${reason === undefined ? '' : `, ${reason.length}-byte reason`})`;
      const step = steps[index];
      checks.that(
        step?.threw?.name === name,
        `${label}: expected ${name}, ${step?.threw === null ? 'did not throw' : `threw ${step?.threw?.name}`}`,
      );
      checks.that(step?.readyState === 1, `${label}: readyState ${step?.readyState} after it, expected 1`);
    });
    const messages = eventsOf(outcome, 'message');
    expectMessage(checks, messages[0], 'text', 'still open', 'client: echo after the refused closes');
    expectMessage(checks, messages[1], 'text', 'threw InvalidAccessError', 'server close(1001)');
    expectMessage(checks, messages[2], 'text', 'server still open', 'server: echo after its refused close');
    expectOneClose(checks, outcome, { code: 1000, wasClean: true }, 'client');
    return checks.verdict();
  },
};
