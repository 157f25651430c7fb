import { statusCode } from '../http-head.js';
import { Checks, describeFailure } from './_checks.js';
import type { AttemptRecord, AttemptRequest, Scenario } from './_types.js';

/** connect()'s timeout for the cases that should fail fast, and for the server that never answers. */
const FAST_TIMEOUT_MS = 4_000;
const SILENT_TIMEOUT_MS = 1_000;
/** How late after timeoutMs a rejection may come (a loaded 2-core machine). */
const LATE_SLACK_MS = 2_000;

function expectHandshakeError(
  checks: Checks,
  record: AttemptRecord,
  label: string,
  code: string,
  status: number | null,
  timeoutMs: number,
): void {
  const { outcome } = record;
  if (outcome.opened) {
    checks.that(false, `${label}: opened instead of failing with ${code}`);
    return;
  }
  const error = outcome.error;
  checks.that(
    error?.name === 'HandshakeError' && error.code === code && (status === null || error.status === status),
    `${label}: expected HandshakeError ${code}${status === null ? '' : ` (status ${status})`}, got ${describeFailure(error)}`,
  );
  checks.that(
    outcome.durationMs <= timeoutMs + LATE_SLACK_MS,
    `${label}: settled after ${outcome.durationMs} ms, beyond timeoutMs ${timeoutMs}`,
  );
}

type Failure = 'rejected' | 'mismatch' | 'refused' | 'silent';

/** The four failures, in the order they run, each through connect() with protocols ['chat']. */
const ATTEMPTS: Readonly<Record<Failure, Omit<AttemptRequest, 'options'>>> = {
  rejected: { path: '/reject', mode: 'reject', timeoutMs: FAST_TIMEOUT_MS },
  mismatch: { path: '/mismatch', mode: 'mismatch', timeoutMs: FAST_TIMEOUT_MS },
  refused: { path: '/refused', route: 'refused', timeoutMs: FAST_TIMEOUT_MS },
  silent: { path: '/silent', route: 'silent', timeoutMs: SILENT_TIMEOUT_MS },
};

export const failureSettles: Scenario = {
  id: 'failure-settles',
  title:
    'Rejection (401), subprotocol mismatch, refused, silent server: connect() rejects with the right code in time; the client survives',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    // one after another: a browser lets only one WebSocket per host be CONNECTING, so attempts started
    // together queue behind each other and the silent one misses its timeout (the others are fast)
    const records = {} as Record<Failure, AttemptRecord>;
    for (const [failure, request] of Object.entries(ATTEMPTS) as [Failure, Omit<AttemptRequest, 'options'>][])
      records[failure] = await cell.attempt({ ...request, options: { protocols: ['chat'] } });
    const { rejected, mismatch, refused, silent } = records;
    expectHandshakeError(checks, rejected, 'server rejects', 'REJECTED', 401, FAST_TIMEOUT_MS);
    checks.equal(
      rejected.response === null ? null : statusCode(rejected.response),
      401,
      'server rejects: response status bytes',
    );
    // connection-context answers 101 without a protocol on every ws major (ws 2-4 would answer 401 to false)
    expectHandshakeError(checks, mismatch, 'no common subprotocol', 'SUBPROTOCOL', null, FAST_TIMEOUT_MS);
    checks.equal(
      mismatch.response === null ? null : statusCode(mismatch.response),
      101,
      'no common subprotocol: response status bytes',
    );
    expectHandshakeError(checks, refused, 'connection refused', 'REFUSED', null, FAST_TIMEOUT_MS);
    expectHandshakeError(checks, silent, 'server never answers', 'TIMEOUT', null, SILENT_TIMEOUT_MS);
    const [first, ...extra] = silent.connections;
    checks.that(
      first?.request.toString('latin1').startsWith('GET ') === true,
      'server never answers: the request never reached the silent server',
    );
    const idle = extra.filter((connection) => connection.request.length === 0).length;
    checks.that(
      idle === extra.length,
      `server never answers: ${extra.length - idle} more request(s) sent after the first`,
    );
    if (idle > 0)
      checks.note(`the client opened ${idle} more idle connection(s) to the silent server after the timeout`);
    const { alive, reason } = await cell.alive();
    checks.that(alive, `the client process did not survive: ${reason}`);
    return checks.verdict();
  },
};
