import { headerLines } from '../http-head.js';
import { Checks, expectOpened } from './_checks.js';
import type { Scenario } from './_types.js';

const EVIL = '//evil.example';

export const hostTarget: Scenario = {
  id: 'host-target',
  title: 'A `//host/path` request target is a path: the host stays the Host header, the path keeps `//`',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({ pathPrefix: EVIL, path: '/target?x=1', options: {} });
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    const target = record.request!.startLine.split(' ')[1] ?? '';
    if (!target.startsWith(`${EVIL}/`)) {
      checks.that(false, `the client did not send the // target: it sent ${JSON.stringify(target)}`);
      return checks.verdict();
    }
    const ctx = record.server?.context;
    if (ctx) {
      const host = headerLines(record.request!, 'host')[0]?.value ?? null;
      checks.equal(ctx.host, host, 'the host the server app sees vs the Host header');
      checks.equal(ctx.path, `${record.serverPath}/target`, 'the path the server app sees');
      checks.equal(ctx.query, [['x', '1']], 'the query the server app sees');
    }
    return checks.verdict();
  },
};
