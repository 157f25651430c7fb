import { headerLines } from '../http-head.js';
import { Checks, expectOpened, protocolList } from './_checks.js';
import { BEARER_PREFIX, TOKEN } from './_fixtures.js';
import type { AttemptRecord, Scenario } from './_types.js';

function checkChat(checks: Checks, record: AttemptRecord, label: string): void {
  checks.equal(record.outcome.protocol, 'chat', `${label}: client protocol`);
  checks.equal(record.server?.protocol ?? null, 'chat', `${label}: server protocol`);
  const selected = record.response === null ? [] : headerLines(record.response, 'sec-websocket-protocol');
  checks.equal(
    selected.map((line) => line.value),
    ['chat'],
    `${label}: Sec-WebSocket-Protocol in the response bytes`,
  );
  const response = record.response?.raw ?? '';
  checks.that(!response.includes(BEARER_PREFIX), `${label}: the response bytes echo a token subprotocol`);
  checks.that(!response.includes(TOKEN), `${label}: the response bytes contain the token`);
}

export const subprotocol: Scenario = {
  id: 'subprotocol',
  title: 'The app subprotocol is negotiated with every server; the token subprotocol is never echoed',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const plain = await cell.attempt({ path: '/subprotocol', options: { protocols: ['chat'] } });
    if (expectOpened(checks, plain, 'protocols [chat]')) {
      checks.equal(protocolList(plain.request), ['chat'], 'offered in the request bytes');
      checkChat(checks, plain, 'protocols [chat]');
    }
    const withToken = await cell.attempt({
      path: '/subprotocol',
      options: { protocols: ['chat'], bearer: TOKEN },
    });
    if (expectOpened(checks, withToken, 'protocols [chat] + bearer')) {
      checkChat(checks, withToken, 'protocols [chat] + bearer');
      const offered = protocolList(withToken.request);
      const tokenOffered = offered.some((value) => value.startsWith(BEARER_PREFIX));
      checks.equal(withToken.server?.context?.subprotocols ?? null, ['chat'], 'server ctx.subprotocols');
      checks.note(tokenOffered ? 'token sent as a subprotocol, not echoed' : 'token sent as a header');
    }
    // The token as a subprotocol from this client too (the browser path, forced): never echoed either.
    if (cell.client.adapter.capabilities.headers && cell.client.adapter.capabilities.maxProtocols >= 2) {
      const forced = await cell.attempt({
        path: '/subprotocol',
        options: { protocols: ['chat'], bearer: TOKEN, implementation: 'browser' },
      });
      if (expectOpened(checks, forced, "token as a subprotocol (implementation: 'browser')")) {
        checkChat(checks, forced, 'token as a subprotocol');
        checks.that(
          protocolList(forced.request).some((value) => value.startsWith(BEARER_PREFIX)),
          'token as a subprotocol: no token subprotocol was offered',
        );
        checks.equal(
          forced.server?.context?.subprotocols ?? null,
          ['chat'],
          'token as a subprotocol: ctx.subprotocols',
        );
      }
    }
    return checks.verdict();
  },
};
