import { Checks, expectOpened } from './_checks.js';
import { BEARER_PREFIX, TOKEN } from './_fixtures.js';
import type { Scenario } from './_types.js';

/** The bearer subprotocol of TOKEN: base64url is case-sensitive (`eyJhbGciOi...` has upper case). */
const OFFER = `${BEARER_PREFIX}${Buffer.from(TOKEN, 'utf8').toString('base64url')}`;

export const tokenSurvives: Scenario = {
  id: 'token-survives',
  title: "A base64url bearer subprotocol reaches the server's app byte for byte and decodes to the token",
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({
      path: '/token-survives',
      options: { protocols: ['chat'], bearer: TOKEN, implementation: 'browser' },
    });
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    checks.equal(record.outcome.protocol, 'chat', 'negotiated protocol');
    // where the server's API gives the offer, it must hold the token's bytes (case included)
    if (record.server !== null && record.server.offered !== null) {
      const offered = record.server.offered;
      checks.that(
        offered?.includes(OFFER) === true,
        `the offer as the server's API gave it does not hold the token subprotocol byte for byte: ${JSON.stringify(offered)}`,
      );
    }
    checks.equal(
      record.server?.context?.auth ?? null,
      { scheme: 'Bearer', token: TOKEN, source: 'subprotocol' },
      'the token the server app decodes from the offer',
    );
    return checks.verdict();
  },
};
