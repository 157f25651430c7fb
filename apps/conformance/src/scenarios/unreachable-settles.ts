import { attemptsInTurn, Checks, expectHandshakeError } from './_checks.js';
import type { AttemptRequest, Scenario } from './_types.js';

/** connect()'s timeout for the refused port (refused at once), and for the server that never answers. */
const FAST_TIMEOUT_MS = 4_000;
const SILENT_TIMEOUT_MS = 1_000;

type Failure = 'refused' | 'silent';

/** Neither reaches a server under test: a port that refuses, a recorder that never answers. */
const ATTEMPTS: Readonly<Record<Failure, Omit<AttemptRequest, 'options'>>> = {
  refused: { path: '/refused', route: 'refused', timeoutMs: FAST_TIMEOUT_MS },
  silent: { path: '/silent', route: 'silent', timeoutMs: SILENT_TIMEOUT_MS },
};

/**
 * The failures no server causes, once per client (against the newest server, which they never
 * reach): connect() rejects with REFUSED on a refused port, with TIMEOUT after timeoutMs when the
 * server never answers, sending one request only; the client survives both.
 */
export const unreachableSettles: Scenario = {
  id: 'unreachable-settles',
  title:
    'Refused connection, silent server: connect() rejects with REFUSED / TIMEOUT in time, one request only; the client survives',
  perServer: false,
  async run(cell) {
    const checks = new Checks();
    const records = await attemptsInTurn(cell, ATTEMPTS);
    const { refused, silent } = records;
    expectHandshakeError(checks, refused, 'connection refused', {
      code: 'REFUSED',
      status: null,
      timeoutMs: FAST_TIMEOUT_MS,
    });
    expectHandshakeError(checks, silent, 'server never answers', {
      code: 'TIMEOUT',
      status: null,
      timeoutMs: SILENT_TIMEOUT_MS,
    });
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
