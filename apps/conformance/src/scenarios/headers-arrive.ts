import { headerLines, showBytes } from '../http-head.js';
import { Checks, contextHeader, expectOpened } from './_checks.js';
import { APP_ORIGIN } from './_fixtures.js';
import type { Scenario } from './_types.js';

/** `é` is U+00E9: one byte, 0xE9, on the wire (Latin-1), never UTF-8's two. */
const HEADERS = { 'X-Custom': 'hello', 'X-Latin': 'h\u00e9llo' };

export const headersArrive: Scenario = {
  id: 'headers-arrive',
  title: 'Custom headers (one Latin-1) arrive exactly once with exact bytes; origin arrives',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({
      path: '/headers-arrive',
      options: { headers: { shape: 'record', value: HEADERS }, origin: APP_ORIGIN },
    });
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    const head = record.request!;
    for (const [name, value] of Object.entries(HEADERS)) {
      const lines = headerLines(head, name);
      checks.that(lines.length === 1, `${name} was sent ${lines.length} times`);
      checks.equal(showBytes(lines[0]?.value ?? ''), showBytes(value), `${name} bytes`);
      // the server reads what was sent: the bytes as Latin-1, one character per byte (RFC 9110 obs-text)
      checks.equal(
        contextHeader(record, name),
        lines[0]?.value ?? null,
        `server ctx.headers.get('${name.toLowerCase()}') vs the bytes sent`,
      );
    }
    const origins = headerLines(head, 'origin');
    checks.that(origins.length === 1, `Origin was sent ${origins.length} times`);
    checks.equal(origins[0]?.value ?? null, APP_ORIGIN, 'Origin');
    checks.equal(record.server?.context?.origin ?? null, APP_ORIGIN, 'server ctx.origin');
    return checks.verdict();
  },
};
