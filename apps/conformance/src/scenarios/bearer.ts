import { headerLines } from '../http-head.js';
import { Checks, expectOpened, protocolList } from './_checks.js';
import { decodeBearerProtocol, TOKEN } from './_fixtures.js';
import type { Scenario } from './_types.js';

export const bearer: Scenario = {
  id: 'bearer',
  title: "The server's ctx.auth is the same whether the token went as a header or as a subprotocol",
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({ path: '/bearer', options: { protocols: ['chat'], bearer: TOKEN } });
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    const viaHeader = cell.client.adapter.capabilities.headers;
    const authorization = headerLines(record.request!, 'authorization');
    const tokenOffers = protocolList(record.request).filter((value) => decodeBearerProtocol(value) !== null);
    if (viaHeader) {
      checks.equal(
        authorization.map((line) => line.value),
        [`Bearer ${TOKEN}`],
        'Authorization in the request bytes',
      );
      checks.equal(tokenOffers, [], 'token subprotocols offered');
    } else {
      checks.equal(authorization.length, 0, 'Authorization lines');
      checks.equal(
        tokenOffers.map(decodeBearerProtocol),
        [TOKEN],
        'token decoded from the offered subprotocol',
      );
    }
    const auth = record.server?.context?.auth ?? null;
    checks.equal(
      auth,
      { scheme: 'Bearer', token: TOKEN, source: viaHeader ? 'header' : 'subprotocol' },
      'server ctx.auth',
    );
    checks.equal(record.outcome.protocol, 'chat', 'negotiated protocol');
    if (record.server?.source === 'native') {
      checks.note("the server's own API: no log-safe context to check");
    } else {
      const json = record.server?.context?.json ?? '';
      checks.that(json !== '' && !json.includes(TOKEN), 'JSON.stringify(ctx) contains the token');
    }
    if (viaHeader && cell.client.adapter.capabilities.maxProtocols >= 2) {
      // the same client, the token as a subprotocol (the browser path, forced): the same ctx.auth
      const forced = await cell.attempt({
        path: '/bearer',
        options: { protocols: ['chat'], bearer: TOKEN, implementation: 'browser' },
      });
      if (expectOpened(checks, forced, "token as a subprotocol (implementation: 'browser')")) {
        checks.equal(
          forced.server?.context?.auth ?? null,
          { scheme: 'Bearer', token: TOKEN, source: 'subprotocol' },
          'token as a subprotocol: server ctx.auth',
        );
        checks.equal(
          headerLines(forced.request!, 'authorization').length,
          0,
          'token as a subprotocol: Authorization lines',
        );
      }
      checks.note('token as header, and as subprotocol when forced: same ctx.auth');
    } else checks.note(`token as ${viaHeader ? 'header' : 'subprotocol'}`);
    return checks.verdict();
  },
};
