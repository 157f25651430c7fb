import { statusCode } from '../http-head.js';
import { attemptsInTurn, Checks, expectHandshakeError } from './_checks.js';
import type { AttemptRequest, Scenario } from './_types.js';

/** connect()'s timeout: both failures are the server's immediate answer, so they settle fast. */
const FAST_TIMEOUT_MS = 4_000;

type Failure = 'rejected' | 'mismatch';

/** What the server under test does: refuse with 401, or open with no common subprotocol. */
const ATTEMPTS: Readonly<Record<Failure, Omit<AttemptRequest, 'options'>>> = {
  rejected: { path: '/reject', mode: 'reject', timeoutMs: FAST_TIMEOUT_MS },
  mismatch: { path: '/mismatch', mode: 'mismatch', timeoutMs: FAST_TIMEOUT_MS },
};

/**
 * The failures a server causes, for every client x server: connect() rejects with REJECTED (401) when
 * the server refuses, with SUBPROTOCOL when its 101 selects none of the offered protocols. The
 * failures without a server (refused, silent) are `unreachable-settles`, once per client.
 */
export const failureSettles: Scenario = {
  id: 'failure-settles',
  title:
    'Rejection (401) and subprotocol mismatch: connect() rejects with the right code in time; the client survives',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const records = await attemptsInTurn(cell, ATTEMPTS);
    const { rejected, mismatch } = records;
    expectHandshakeError(checks, rejected, 'server rejects', {
      code: 'REJECTED',
      status: 401,
      timeoutMs: FAST_TIMEOUT_MS,
    });
    checks.equal(
      rejected.response === null ? null : statusCode(rejected.response),
      401,
      'server rejects: response status bytes',
    );
    // connection-context answers 101 without a protocol on every ws major (ws 2-4 would answer 401 to false)
    expectHandshakeError(checks, mismatch, 'no common subprotocol', {
      code: 'SUBPROTOCOL',
      status: null,
      timeoutMs: FAST_TIMEOUT_MS,
    });
    checks.equal(
      mismatch.response === null ? null : statusCode(mismatch.response),
      101,
      'no common subprotocol: response status bytes',
    );
    const { alive, reason } = await cell.alive();
    checks.that(alive, `the client process did not survive: ${reason}`);
    return checks.verdict();
  },
};
