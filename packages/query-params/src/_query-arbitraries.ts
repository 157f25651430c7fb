/**
 * Test support (never built): fast-check arbitraries for queries and the reference parsers the properties
 * compare against. Used by the `*.test.ts` files; `pnpm fuzz` runs the same properties a million times.
 */
import fc from 'fast-check';

/** Pieces that break parsers: separators, escapes (valid, truncated, overlong, surrogate), raw non-ASCII. */
const pieces: string[] = [
  // separators, hex digits and other ASCII, one character each
  ...'%+=&#?/ 079aBcEfFgz'.split(''),
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

/**
 * Whether `new URL('http://h/?' + query)` sees `query` unchanged: the URL parser removes tab, CR and LF
 * everywhere and C0 controls and spaces at either end before it parses.
 */
export function urlKeepsQuery(query: string): boolean {
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) return false;
  }
  return !(query.charCodeAt(0) <= 0x20 || query.charCodeAt(query.length - 1) <= 0x20);
}

/** The oracle of the URL Standard: the entries `new URL(...).searchParams` gives for `query`. */
export function whatwgEntries(query: string): [string, string][] {
  return [...new URL('http://h/?' + query).searchParams];
}

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
