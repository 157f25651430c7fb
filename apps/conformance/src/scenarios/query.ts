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
    // the client's part: the target it sent is the URL's, as WHATWG serializes it
    const url = new URL(record.url);
    const sent = record.request!.startLine.split(' ')[1] ?? '';
    checks.that(
      sent === `${url.pathname}${url.search}`,
      `the client rewrote the target: sent ${JSON.stringify(sent)} for ${JSON.stringify(`${url.pathname}${url.search}`)}`,
    );
    // the server's part: what it parsed from the target it got, against WHATWG parsing of that target.
    // A target with raw bytes above 0x7F is not a valid request target: servers read it as Latin-1
    // (Node) or UTF-8 (Python), neither is wrong, so only the client's part counts then.
    if ([...sent].some((character) => character.charCodeAt(0) > 0x7f)) {
      checks.note('server query not compared: the client sent a target with raw non-ASCII bytes');
      return checks.verdict();
    }
    const expected = [...new URL(sent, url).searchParams];
    checks.equal(record.server?.context?.query ?? null, expected, 'ctx.query entries');
    checks.equal(record.server?.context?.queryProto ?? null, 'polluted', "ctx.query.get('__proto__')");
    return checks.verdict();
  },
};
