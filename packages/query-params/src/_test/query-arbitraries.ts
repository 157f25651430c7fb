/**
 * Test support (never built): fast-check arbitraries for queries and the reference parsers the properties
 * compare against. Used by the `*.test.ts` files; `pnpm fuzz` runs the same properties a million times.
 */
import fc from 'fast-check';

/** Pieces that break parsers: separators, escapes (valid, truncated, overlong, surrogate), raw non-ASCII. */
const pieces: string[] = [
  // separators, hex digits and other ASCII, one character each
  ...'%+=&#?/ 079aBcEfFgz'.split(''),
  // what the URL parser removes (tab, LF, CR) or trims at the ends (C0 controls, space)
  ...['\t', '\n', '\r', ' ', '\u0000', '\u000b', '\u000c', '\u001f'],
  // raw non-ASCII, controls, BOM, U+FFFD, and a surrogate pair as one piece
  ...['é', 'ÿ', 'Ā', '中', '😀', '\u0001', '\u007f', '\ufeff', '\ufffd'],
  // lone surrogates (split('') cuts by UTF-16 code unit)
  ...'\udfff\ud800\ude00\ud83d'.split(''),
  // escapes: valid, lowercase, truncated, overlong, encoded surrogate, above U+10FFFF, separators, bad hex
  ...'%C3 %A9 %28 %E0 %80 %BF %ED %A0 %F0 %9F %98 %F4 %90 %FF %C0 %c3%a9 %e4%b8%ad'.split(' '),
  ...'%2B %26 %3D %25 %23 %0 %G1 %%'.split(' '),
  // names that have polluted prototypes elsewhere
  '__proto__',
  'constructor',
];

/** Any single UTF-16 code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/**
 * A query-ish string from the tricky pieces above, mixed with arbitrary code units; lengths reach past 32
 * characters so both of the parser's scan strategies run.
 */
export const trickyQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: anyCodeUnit }),
    {
      maxLength: 48,
      size: 'max',
    },
  )
  .map((parts) => parts.join(''));

/** What the URL parser trims at either end of its input: C0 controls and spaces (tab, LF and CR among them). */
export const edgeSpace: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u000b', '\u001f'), { maxLength: 3 })
  .map((parts) => parts.join(''));

/** `text` with tabs, LFs and CRs slipped in between its characters, where the URL parser ignores them. */
function sprinkled(text: string): fc.Arbitrary<string> {
  const gap = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r') },
  );
  return fc
    .array(gap, { minLength: text.length + 1, maxLength: text.length + 1 })
    .map((gaps) => gaps.map((inserted, i) => inserted + (text[i] ?? '')).join(''));
}

/** How `parseQuery` reads a string: a request target, an absolute URL, or a query (bare or after a `?`). */
export type InputShape = 'target' | 'url' | 'query';

/**
 * The input rules, written the obvious way: after the URL parser's own clean-up (tabs and newlines removed,
 * leading C0 controls and spaces trimmed), `/...` is a target and `scheme://...` a URL; anything else is a
 * query, taken as it is.
 */
export function shapeOf(input: string): InputShape {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL parser trims exactly C0 controls and space
  const cleaned = input.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  if (cleaned.startsWith('/')) return 'target';
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(cleaned)) return 'url';
  return 'query';
}

const BASE = 'http://h';

/** Escapes of the characters the URL parser would remove or trim (its query state escapes them all anyway). */
function escapeControlsAndSpace(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: C0 controls and space are what is escaped
  return text.replace(/[\u0000-\u0020]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * The URL Standard's application/x-www-form-urlencoded parser on `query`, which is what
 * `new URLSearchParams(query)` gives by the standard (nothing stripped; a leading `?` is the caller's to
 * drop). Run through `new URL` with the C0 controls and spaces escaped, because Node 20's `URLSearchParams`
 * string parser mis-decodes non-ASCII text beside a bad escape (`a=中%zz` gives `-%zz`); on ASCII text the two
 * agree, and a property checks that they do.
 */
export function formEntries(query: string): [string, string][] {
  return [...new URL(`${BASE}/?${escapeControlsAndSpace(query)}`).searchParams];
}

/**
 * The WHATWG oracle for a string input: `[...new URL(input, base).searchParams]` for a target or URL, and
 * for a query (bare or `?`-led) `[...new URLSearchParams(text)]` of the text before the first `#` (`#` ends
 * the query by the input rules), computed by {@link formEntries}. `null` when the URL parser refuses an
 * absolute URL (a bad host): the URL Standard has no answer there.
 */
export function oracleEntries(input: string): [string, string][] | null {
  const shape = shapeOf(input);
  if (shape === 'query') {
    const hash = input.indexOf('#');
    const text = hash < 0 ? input : input.slice(0, hash);
    return formEntries(text.startsWith('?') ? text.slice(1) : text);
  }
  const url = URL.canParse(input, BASE)
    ? new URL(input, BASE)
    : shape === 'target'
      ? // '//host/...' is an authority to the URL parser; when it refuses the host, the same text read as
        // a path gives the query the rules ask for (and the same as above wherever both parse: tested).
        new URL(`${BASE}/${input}`)
      : null;
  return url === null ? null : [...url.searchParams];
}

/** An input string of one shape, with tabs, newlines, C0 controls and spaces inside and at both ends. */
export const shapedInput: Record<'target' | 'url' | 'question' | 'bare', fc.Arbitrary<string>> = {
  target: fc
    .tuple(
      edgeSpace,
      fc.constantFrom('/', '/ws', '//evil.example/x', '/a b/c', '/p\\q', '/%zz/é').chain(sprinkled),
      fc.constantFrom('?', '', '?', '#?'),
      trickyQuery,
      edgeSpace,
    )
    .map((parts) => parts.join('')),
  url: fc
    .tuple(
      edgeSpace,
      fc
        .constantFrom('ws://h/p', 'WSS://h:8443', 'http://u:pw@h/a/b', 'foo://h/p', 'a+b.c-d://h')
        .chain(sprinkled),
      // Always a '?' or '#' after the authority, so the URL parser never refuses the URL.
      fc.constantFrom('?', '?', '#?'),
      trickyQuery,
      edgeSpace,
    )
    .map((parts) => parts.join('')),
  question: fc.tuple(trickyQuery, edgeSpace).map(([query, end]) => `?${query}${end}`),
  bare: fc.tuple(edgeSpace, trickyQuery, edgeSpace).map((parts) => parts.join('')),
};

function decodeLikeQs(part: string): string {
  const spaced = part.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * What `keep-invalid` promises, written the way qs does it: `+` to space, then `decodeURIComponent`, and the
 * text as sent (with spaces) when that throws. Only the part of `query` before any `#`.
 */
export function keepInvalidEntries(query: string): [string, string][] {
  const hash = query.indexOf('#');
  const entries: [string, string][] = [];
  for (const segment of (hash < 0 ? query : query.slice(0, hash)).split('&')) {
    if (segment === '') continue;
    const equals = segment.indexOf('=');
    const name = equals < 0 ? segment : segment.slice(0, equals);
    const value = equals < 0 ? '' : segment.slice(equals + 1);
    entries.push([decodeLikeQs(name), decodeLikeQs(value)]);
  }
  return entries;
}

/**
 * Whether `strict` must refuse `query` (before any `#`): a name or value that `decodeURIComponent` rejects, or
 * a lone surrogate anywhere.
 */
export function strictRefuses(query: string): boolean {
  const hash = query.indexOf('#');
  const text = hash < 0 ? query : query.slice(0, hash);
  if (/[\ud800-\udfff]/u.test(text)) return true;
  for (const segment of text.split('&')) {
    const equals = segment.indexOf('=');
    for (const part of equals < 0 ? [segment] : [segment.slice(0, equals), segment.slice(equals + 1)]) {
      try {
        decodeURIComponent(part);
      } catch {
        return true;
      }
    }
  }
  return false;
}

/** Property runs: 20,000 in `pnpm test`, `QUERY_PARAMS_FUZZ_RUNS` in `pnpm fuzz`. */
export const propertyRuns = Number(process.env['QUERY_PARAMS_FUZZ_RUNS'] ?? 20_000);

/** Per-test timeout that grows with the number of runs (about 1 ms a run on a busy machine, at least 60 s). */
export const propertyTimeout = Math.max(60_000, propertyRuns);

/** Prints the number of runs a property really made, when fuzzing. */
export function reportRuns(name: string, runs: number): void {
  if (process.env['QUERY_PARAMS_FUZZ_RUNS'] !== undefined) console.log(`fuzz: ${name}: ${runs} runs passed`);
}
