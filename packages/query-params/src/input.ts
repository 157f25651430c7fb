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

/**
 * Where the query starts in a string input, by the input rules: `/...` is a request target, `scheme://...`
 * a URL (the query starts after the first `?` unless a `#` comes first), a leading `?` is dropped,
 * anything else is a bare query. The query ends at the first `#` after this index.
 */
export function queryStart(s: string): number {
  const length = s.length;
  if (length === 0) return 0;
  const first = s.charCodeAt(0);
  if (first === 63) return 1;
  if (first === 47) return afterQuestionMark(s, 1);
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://"; anything else is a bare query.
  if (((first | 32) - 97) >>> 0 > 25) return 0;
  let i = 1;
  while (i < length) {
    const c = s.charCodeAt(i);
    if (((c | 32) - 97) >>> 0 <= 25 || (c - 48) >>> 0 <= 9 || c === 43 || c === 45 || c === 46) i++;
    else break;
  }
  if (i + 2 < length && s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) {
    return afterQuestionMark(s, i + 3);
  }
  return 0;
}
