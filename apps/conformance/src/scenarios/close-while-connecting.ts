import { Checks } from './_checks.js';
import { eventsOf, expectOneClose, lived, showEvents, WAIT_MS } from './_connection.js';
import type { Scenario } from './_types.js';

export const closeWhileConnecting: Scenario = {
  id: 'close-while-connecting',
  title:
    'close() while CONNECTING settles: error CLOSED_BEFORE_OPEN, one close 1006, closed resolves, readyState 3 for good, no open',
  perServer: false,
  sharesClient: true,
  reference: ['clients'],
  async run(cell) {
    const checks = new Checks();
    const record = await cell.connection({
      peer: 'server',
      openTimeoutMs: 0,
      settleMs: 500,
      steps: [{ op: 'close' }, { op: 'await-close', timeoutMs: WAIT_MS }],
    });
    const outcome = lived(checks, record, 'close while connecting');
    if (outcome === null) return checks.verdict();
    const step = eventsOf(outcome, 'step')[0];
    checks.that(
      step !== undefined && step.threw === null,
      `close() threw ${step?.threw?.name}: ${step?.threw?.message}`,
    );
    checks.that(
      eventsOf(outcome, 'open').length === 0,
      `an open event came after close(): ${showEvents(outcome.events)}`,
    );
    const errors = eventsOf(outcome, 'error');
    checks.that(
      errors.length === 1 && errors[0]?.code === 'CLOSED_BEFORE_OPEN',
      `expected one error CLOSED_BEFORE_OPEN, saw ${showEvents(outcome.events)}`,
    );
    expectOneClose(checks, outcome, { code: 1006, wasClean: false }, 'close');
    return checks.verdict();
  },
};
