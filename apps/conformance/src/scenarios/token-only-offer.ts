import { headerLines } from '../http-head.js';
import { Checks, describeFailure, protocolList } from './_checks.js';
import { BEARER_PREFIX, TOKEN } from './_fixtures.js';
import type { Scenario } from './_types.js';

const isToken = (value: string): boolean => value.toLowerCase().startsWith(BEARER_PREFIX);

export const tokenOnlyOffer: Scenario = {
  id: 'token-only-offer',
  title: 'An offer of the bearer-token subprotocol alone is never echoed: the server selects no protocol',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    // the browser path, forced: the token goes as a subprotocol, with no app protocol beside it
    const record = await cell.attempt({
      path: '/token-only',
      options: { bearer: TOKEN, implementation: 'browser' },
    });
    const { error } = record.outcome;
    if (
      error?.name === 'HeaderOptionsError' &&
      error.code === 'HEADERS_UNSUPPORTED' &&
      record.connections.length === 0
    ) {
      // header-options never makes a token-only offer: it refuses it before connecting
      checks.note('header-options refuses a token-only offer up front (HEADERS_UNSUPPORTED): never offered');
      return checks.verdict();
    }
    const offered = protocolList(record.request);
    checks.that(
      offered.length === 1 && isToken(offered[0]!),
      `the client did not offer the token subprotocol alone: offered ${JSON.stringify(offered)}${record.request === null ? ` (${describeFailure(record.outcome.error)})` : ''}`,
    );
    if (record.response === null) {
      checks.that(false, `no response from the server: ${describeFailure(record.outcome.error)}`);
      return checks.verdict();
    }
    const selected = headerLines(record.response, 'sec-websocket-protocol').map((line) => line.value);
    checks.that(
      !selected.some(isToken),
      `the server echoed the token subprotocol: the response selects ${JSON.stringify(selected)}`,
    );
    checks.that(
      record.outcome.protocol === null || !isToken(record.outcome.protocol),
      'the client reports the token subprotocol as its protocol',
    );
    checks.that(
      record.server === null || !isToken(record.server.protocol),
      "the server's socket reports the token subprotocol as its protocol",
    );
    checks.note(
      record.outcome.opened
        ? 'opened with no protocol'
        : `not echoed; the client then refused the reply: ${describeFailure(record.outcome.error)}`,
    );
    return checks.verdict();
  },
};
