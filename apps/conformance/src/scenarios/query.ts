import { Checks, expectOpened } from './_checks.js';
import type { Scenario } from './_types.js';

/**
 * Non-ASCII (raw and escaped), `+`, invalid and truncated escapes, duplicates, prototype names,
 * empty names and values, a bare flag.
 */
const QUERY =
  '?name=J%C3%BCrgen&raw=caf\u00e9&plus=a+b&pct=100%&bad=%E0%A4%A&trunc=%2&dup=1&dup=2&__proto__=polluted&constructor=c&empty=&=novalue&flag';

export const query: Scenario = {
  id: 'query',
  title: 'A tricky query reaches ctx.query exactly as WHATWG URL parsing says',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({ path: `/query${QUERY}`, options: {} });
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    const expected = [...new URL(record.url).searchParams];
    checks.equal(record.server?.context?.query ?? null, expected, 'ctx.query entries');
    checks.equal(record.server?.context?.queryProto ?? null, 'polluted', "ctx.query.get('__proto__')");
    return checks.verdict();
  },
};
