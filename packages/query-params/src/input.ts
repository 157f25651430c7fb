import { QueryParamsError } from './errors.js';

/**
 * What `parseQuery` accepts: a request target (`/ws?x=1`; `//a/b?x=1` is a path, never a host), an absolute
 * URL string (`ws://h:1/p?x=1#f`), `?x=1`, a bare query (`x=1`), a `URL`, a `URLSearchParams`, or anything
 * with a `url` string such as Node's `IncomingMessage` or a fetch `Request`.
 */
export type QueryInput = string | URL | URLSearchParams | { readonly url?: string | undefined };

const EXPECTED = 'a string, URL, URLSearchParams or an object with a url string (an IncomingMessage)';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const url = (value as { url?: unknown }).url;
    return `an object whose url is ${url === null ? 'null' : typeof url}`;
  }
  return typeof value;
}

/**
 * The string that holds the query of `input`: the string itself, `URL#search`, or a `URLSearchParams`
 * serialized behind a `?` (so limits and decoding apply to it like to any other query).
 *
 * @returns the string, or a `QueryParamsError` with code `INVALID_INPUT`
 */
export function querySource(input: unknown): string | QueryParamsError {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    if (input instanceof URL) return input.search;
    if (input instanceof URLSearchParams) return '?' + input.toString();
    const url = (input as { url?: unknown }).url;
    if (typeof url === 'string') return url;
  }
  return new QueryParamsError('INVALID_INPUT', `parseQuery expects ${EXPECTED}, got ${describe(input)}.`);
}

/** ASCII tab, LF or CR: the URL parser removes them wherever they are. */
function isTabOrNewline(c: number): boolean {
  return c === 9 || c === 10 || c === 13;
}

/** Index after the first `?` at or after `from`, or `s.length` when a `#` or the end comes first. */
function afterQuestionMark(s: string, from: number): number {
  const length = s.length;
  for (let i = from; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c === 63) return i + 1;
    if (c === 35) return length;
  }
  return length;
}

/** Queries shorter than this are checked with `charCodeAt`; longer ones with native `indexOf`. */
const SHORT_QUERY = 32;

/**
 * The query start of a URL or request target at `start`, bit-inverted (negative) when the URL parser would
 * change the query: a tab, LF or CR in it, or C0 controls or spaces at the end of the input. One
 * `charCodeAt` and, for the rest, a scan that native `indexOf` does for long queries.
 */
function urlQueryStart(s: string, start: number): number {
  const length = s.length;
  if (start === length) return start;
  if (s.charCodeAt(length - 1) <= 0x20) return ~start;
  if (length - start < SHORT_QUERY) {
    for (let i = start; i < length; i++) {
      if (isTabOrNewline(s.charCodeAt(i))) return ~start;
    }
    return start;
  }
  return s.indexOf('\t', start) < 0 && s.indexOf('\n', start) < 0 && s.indexOf('\r', start) < 0
    ? start
    : ~start;
}

/** Index of the first character at or after `from` that is not a tab or newline. */
function skipTabsAndNewlines(s: string, from: number): number {
  let i = from;
  while (i < s.length && isTabOrNewline(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Where the query starts in a string input, by the input rules. A string is a request target when it starts
 * with `/`, a URL when it starts with `scheme://`, both read as the URL parser reads them: leading C0 controls
 * and spaces are skipped and tabs and newlines ignored, so `' \t/ws?x=1'` and `'w\ts://h/?x=1'` qualify. A
 * leading `?` is dropped; anything else is a bare query, taken as it is (as `URLSearchParams` does). The query
 * ends at the first `#` after the returned index.
 *
 * @returns the index where the query starts; for a target or URL whose query the URL parser would change
 *   (see {@link cleanQuery}), that index bit-inverted (`~start`, always negative)
 */
export function queryStart(s: string): number {
  const length = s.length;
  if (length === 0) return 0;
  let c = s.charCodeAt(0);
  if (c === 63) return 1;
  let i = 0;
  if (c <= 0x20) {
    // Rare: the URL parser trims leading C0 controls and spaces, so a target or a URL may follow them.
    do {
      i++;
      if (i === length) return 0;
      c = s.charCodeAt(i);
    } while (c <= 0x20);
  }
  if (c === 47) return urlQueryStart(s, afterQuestionMark(s, i + 1));
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://"; anything else is a bare query.
  if (((c | 32) - 97) >>> 0 > 25) return 0;
  i++;
  while (i < length) {
    c = s.charCodeAt(i);
    if (((c | 32) - 97) >>> 0 <= 25 || (c - 48) >>> 0 <= 9 || c === 43 || c === 45 || c === 46) i++;
    else if (isTabOrNewline(c)) i++;
    else break;
  }
  if (i === length || c !== 58) return 0;
  if (s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) {
    i += 2;
  } else {
    // Rare: '://' with a tab or newline inside it.
    i = skipTabsAndNewlines(s, i + 1);
    if (s.charCodeAt(i) !== 47) return 0;
    i = skipTabsAndNewlines(s, i + 1);
    if (s.charCodeAt(i) !== 47) return 0;
  }
  return urlQueryStart(s, afterQuestionMark(s, i + 1));
}

/**
 * The query of a URL or target from `start` as the URL parser sees it: up to the first `#`, without tabs and
 * newlines, and, when the query runs to the end of the input, without the C0 controls and spaces it ends with.
 * Only called when {@link queryStart} found something to remove: one pass, and the string never grows.
 */
export function cleanQuery(s: string, start: number): string {
  let end = s.indexOf('#', start);
  if (end < 0) {
    end = s.length;
    while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  }
  let out = '';
  let run = start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isTabOrNewline(c)) {
      out += s.slice(run, i);
      run = i + 1;
    } else if (run === i && i !== start && c >= 0xdc00 && c <= 0xdfff) {
      // A high and a low surrogate that a removed tab kept apart: both are lone, and the URL parser (which
      // reads its input as scalar values first) has U+FFFD for them, so they must not join into a pair.
      const last = out.length - 1;
      const high = out.charCodeAt(last);
      if (high >= 0xd800 && high <= 0xdbff) out = out.slice(0, last) + '\ufffd';
    }
  }
  return out + s.slice(run, end);
}
