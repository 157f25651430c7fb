import { BAD_ESCAPE, decodeComponent, decodeFailure, INVALID_UTF8, plusToSpace } from './decode.js';
import { QueryParamsError } from './errors.js';
import { cleanQuery, type QueryInput, querySource, queryStart } from './input.js';
import {
  DEFAULT_OPTIONS,
  type QueryOptions,
  type ResolvedOptions,
  resolveOptions,
  STRICT,
  WHATWG,
} from './options.js';
import { createQueryParams, createSingleParam, type QueryParams } from './query-params.js';

/** What `tryParseQuery` returns: the parameters, or the error `parseQuery` would have thrown. */
export type TryParseQueryResult = { ok: true; value: QueryParams } | { ok: false; error: QueryParamsError };

const NAME_SHOWN = 64;

function quoted(text: string): string {
  return JSON.stringify(text.length > NAME_SHOWN ? text.slice(0, NAME_SHOWN) + '…' : text);
}

function encodingError(
  s: string,
  queryStart: number,
  name: string,
  part: 'name' | 'value',
): QueryParamsError {
  const { kind, start, end } = decodeFailure;
  let detail: string;
  if (kind === BAD_ESCAPE) {
    detail = `${JSON.stringify(s.slice(start, end))} is not a percent escape (% must be followed by two hex digits)`;
  } else if (kind === INVALID_UTF8) {
    detail = `${JSON.stringify(s.slice(start, end))} is not valid UTF-8`;
  } else {
    detail = `U+${s.charCodeAt(start).toString(16).toUpperCase()} is a lone surrogate`;
  }
  return new QueryParamsError(
    'INVALID_ENCODING',
    `Invalid encoding in the ${part} of parameter ${quoted(name)} at offset ${start - queryStart} of the query: ` +
      `${detail}. Fix the sender's encoding, or parse with decoding: 'whatwg' or 'keep-invalid'.`,
  );
}

function tooLong(length: number, maxLength: number): QueryParamsError {
  return new QueryParamsError(
    'TOO_LONG',
    `Query is ${length} character${length === 1 ? '' : 's'} long, more than maxLength (${maxLength}). ` +
      `Raise maxLength or set onLimit: 'truncate'.`,
  );
}

function tooManyParams(count: number, maxParams: number): QueryParamsError {
  return new QueryParamsError(
    'TOO_MANY_PARAMS',
    `Query has ${count} parameter${count === 1 ? '' : 's'}, more than maxParams (${maxParams}). ` +
      `Raise maxParams or set onLimit: 'truncate'.`,
  );
}

/** Number of non-empty `&`-separated segments in `s.slice(from, end)`, without slicing anything. */
function countParams(s: string, from: number, end: number): number {
  let count = 0;
  let segment = from;
  for (let i = from; i < end; i++) {
    if (s.charCodeAt(i) === 38) {
      if (i !== segment) count++;
      segment = i + 1;
    }
  }
  return segment !== end ? count + 1 : count;
}

// The error of the parse that just failed: `parse` returns null and sets it (no exceptions inside the
// parser), and the caller takes it at once, so it never outlives the call.
let parseError: QueryParamsError | null = null;

function takeParseError(): QueryParamsError {
  const error = parseError!;
  parseError = null;
  return error;
}

/**
 * Decodes one name (`owner` null) or the value of parameter `owner`, `s.slice(from, to)`.
 *
 * @returns the text, or null when strict decoding failed (see `parseError`)
 */
function decodePart(
  s: string,
  queryStart: number,
  from: number,
  to: number,
  decoding: ResolvedOptions['decoding'],
  owner: string | null,
): string | null {
  if (decoding === WHATWG) return decodeComponent(s, from, to, WHATWG);
  const text = decodeComponent(s, from, to, decoding);
  if (text !== null) return text;
  if (decoding === STRICT) {
    parseError =
      owner === null
        ? encodingError(s, queryStart, s.slice(from, to), 'name')
        : encodingError(s, queryStart, owner, 'value');
    return null;
  }
  return plusToSpace(s, from, to);
}

/**
 * Decodes one parameter and stores it at `list[at]`, `list[at + 1]`.
 *
 * @returns false when strict decoding failed (see `parseError`)
 */
function addDecoded(
  list: string[],
  at: number,
  s: string,
  queryStart: number,
  keyStart: number,
  keyEnd: number,
  valueEnd: number,
  keyEncoded: boolean,
  valueEncoded: boolean,
  decoding: ResolvedOptions['decoding'],
): boolean {
  // No '=': the whole segment is the name and the value is empty.
  const valueStart = keyEnd < valueEnd ? keyEnd + 1 : valueEnd;
  const key = keyEncoded
    ? decodePart(s, queryStart, keyStart, keyEnd, decoding, null)
    : s.slice(keyStart, keyEnd);
  if (key === null) return false;
  const value = valueEncoded
    ? decodePart(s, queryStart, valueStart, valueEnd, decoding, key)
    : s.slice(valueStart, valueEnd);
  if (value === null) return false;
  list[at] = key;
  list[at + 1] = value;
  return true;
}

/**
 * The commonest tiny query, one parameter, parsed without allocating a list: `s.slice(start, end)` up to a
 * `#`. Needs `maxParams >= 1`.
 *
 * @returns the params; null when strict decoding failed (see `parseError`); undefined, having done nothing,
 *   when the query has an `&` or no parameter
 */
function parseSingle(
  s: string,
  start: number,
  end: number,
  decoding: ResolvedOptions['decoding'],
): QueryParams | null | undefined {
  let equals = -1;
  let keyEncoded = false;
  let encoded = false;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 38) return undefined;
    if (c === 35) break;
    if (c === 61) {
      if (equals < 0) {
        equals = i;
        keyEncoded = encoded;
        encoded = false;
      }
    } else if (c === 37 || c === 43 || (c >= 0xd800 && c <= 0xdfff)) {
      encoded = true;
    }
  }
  if (i === start) return undefined;
  if (equals < 0) {
    const key = encoded ? decodePart(s, start, start, i, decoding, null) : s.slice(start, i);
    return key === null ? null : createSingleParam(key, '');
  }
  const key = keyEncoded ? decodePart(s, start, start, equals, decoding, null) : s.slice(start, equals);
  if (key === null) return null;
  const value = encoded ? decodePart(s, start, equals + 1, i, decoding, key) : s.slice(equals + 1, i);
  return value === null ? null : createSingleParam(key, value);
}

/** Queries shorter than this are scanned with `charCodeAt`; longer ones with native `indexOf` jumps. */
const SHORT_QUERY = 32;

/** Whether `s` has no lone surrogate: the scan behind `isWellFormed` on Node 18. */
export function isWellFormedScan(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

/** `String.prototype.isWellFormed` (Node 20, current browsers; native and fast), or {@link isWellFormedScan}. */
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : isWellFormedScan;

// Entries written by the last scan (two per parameter), and where its query ended (a '#' or the end).
let scanned = 0;
let scanEnd = 0;

/**
 * Parses a short query, `s.slice(start, end)` up to any `#`, into `list` as `[name0, value0, ...]` (count in
 * `scanned`, query end in `scanEnd`) in one charCodeAt pass: slices by index and decodes only the names and
 * values that hold a `%`, `+` or surrogate. Stops at the first parameter over `maxEntries / 2`.
 *
 * @returns the index where parsing stopped (`end` when every parameter was taken), or -1 on a strict decoding
 *   failure (see `parseError`)
 */
function scanShort(
  list: string[],
  s: string,
  start: number,
  end: number,
  maxEntries: number,
  decoding: ResolvedOptions['decoding'],
): number {
  let n = 0;
  let segment = start;
  let equals = -1;
  let keyEncoded = false;
  let encoded = false; // a '%', '+' or surrogate in the current name or value
  for (let i = start; i <= end; i++) {
    let c = i < end ? s.charCodeAt(i) : 38;
    if (c === 35) {
      // '#' ends the query.
      end = i;
      c = 38;
    }
    if (c === 38) {
      if (i !== segment) {
        if (n === maxEntries) {
          const hash = s.indexOf('#', segment);
          scanEnd = hash < 0 || hash > end ? end : hash;
          scanned = n;
          return segment;
        }
        if (equals < 0) {
          if (!encoded) {
            list[n] = s.slice(segment, i);
            list[n + 1] = '';
          } else if (!addDecoded(list, n, s, start, segment, i, i, true, false, decoding)) {
            return -1;
          }
        } else if (!keyEncoded && !encoded) {
          list[n] = s.slice(segment, equals);
          list[n + 1] = s.slice(equals + 1, i);
        } else if (!addDecoded(list, n, s, start, segment, equals, i, keyEncoded, encoded, decoding)) {
          return -1;
        }
        n += 2;
      }
      segment = i + 1;
      equals = -1;
      keyEncoded = false;
      encoded = false;
    } else if (c === 61) {
      if (equals < 0) {
        equals = i;
        keyEncoded = encoded;
        encoded = false;
      }
    } else if (c === 37 || c === 43 || (c >= 0xd800 && c <= 0xdfff)) {
      encoded = true;
    }
  }
  scanEnd = end;
  scanned = n;
  return end;
}

/**
 * {@link scanShort} for long queries (`end` is already the `#` or the end): jumps between separators with
 * native `indexOf`.
 */
function scanLong(
  list: string[],
  s: string,
  start: number,
  end: number,
  maxEntries: number,
  decoding: ResolvedOptions['decoding'],
): number {
  let n = 0;
  // Native indexOf finds each '&', '=', '%' and '+' (a memchr, far faster than a charCodeAt loop); the
  // next '=', '%' and '+' are remembered so every character is looked at once per kind. A query with a lone
  // surrogate (rare) has every part decoded, and the decoder replaces it.
  const everything = !isWellFormed(s);
  let percent = s.indexOf('%', start);
  if (percent < 0) percent = end;
  let plus = s.indexOf('+', start);
  if (plus < 0) plus = end;
  let equals = s.indexOf('=', start);
  if (equals < 0) equals = end;
  let segment = start;
  while (segment < end) {
    let amp = s.indexOf('&', segment);
    if (amp < 0 || amp > end) amp = end;
    if (amp !== segment) {
      if (n === maxEntries) {
        scanEnd = end;
        scanned = n;
        return segment;
      }
      if (equals < segment) {
        equals = s.indexOf('=', segment);
        if (equals < 0) equals = end;
      }
      if (percent < segment) {
        percent = s.indexOf('%', segment);
        if (percent < 0) percent = end;
      }
      if (plus < segment) {
        plus = s.indexOf('+', segment);
        if (plus < 0) plus = end;
      }
      const keyEnd = Math.min(equals, amp);
      const keyEncoded = everything || percent < keyEnd || plus < keyEnd;
      // Move past the name so the next '%' or '+' seen is in the value, if anywhere.
      if (percent < keyEnd) {
        percent = s.indexOf('%', keyEnd);
        if (percent < 0) percent = end;
      }
      if (plus < keyEnd) {
        plus = s.indexOf('+', keyEnd);
        if (plus < 0) plus = end;
      }
      const valueEncoded = everything || percent < amp || plus < amp;
      if (!keyEncoded && !valueEncoded) {
        list[n] = s.slice(segment, keyEnd);
        list[n + 1] = keyEnd < amp ? s.slice(keyEnd + 1, amp) : '';
      } else if (!keyEncoded && decoding === WHATWG) {
        // The usual encoded case, without the general path's call.
        list[n] = s.slice(segment, keyEnd);
        list[n + 1] = decodeComponent(s, keyEnd + 1, amp, WHATWG)!;
      } else if (!addDecoded(list, n, s, start, segment, keyEnd, amp, keyEncoded, valueEncoded, decoding)) {
        return -1;
      }
      n += 2;
    }
    segment = amp + 1;
  }
  scanEnd = end;
  scanned = n;
  return end;
}

/** Parses the query of `s` that starts at `start` under `options`; null on failure (see `parseError`). */
function parseRange(s: string, start: number, options: ResolvedOptions): QueryParams | null {
  const maxEntries = options.maxParams * 2;
  const rest = s.length - start;
  let list: string[];
  let stop: number;
  let truncated = false;
  if (rest < SHORT_QUERY && rest <= options.maxLength) {
    // Short, and within maxLength wherever the fragment starts: the scan itself stops at the '#'. A short
    // query has at most (length + 1) / 2 parameters; room for all of them up front is cheaper than growing.
    if (maxEntries !== 0) {
      const single = parseSingle(s, start, s.length, options.decoding);
      if (single !== undefined) return single;
    }
    list = new Array<string>(rest + 1);
    stop = scanShort(list, s, start, s.length, maxEntries, options.decoding);
  } else {
    let end = s.indexOf('#', start);
    if (end < 0) end = s.length;
    if (end - start > options.maxLength) {
      if (!options.truncate) {
        parseError = tooLong(end - start, options.maxLength);
        return null;
      }
      // Keep the parameters that end within maxLength characters; a parameter cut in two is dropped.
      truncated = true;
      const cut = start + options.maxLength;
      end = s.charCodeAt(cut) === 38 ? cut : Math.max(start, s.lastIndexOf('&', cut - 1));
    }
    if (end - start < SHORT_QUERY) {
      list = new Array<string>(end - start + 1);
      stop = scanShort(list, s, start, end, maxEntries, options.decoding);
    } else {
      list = [];
      stop = scanLong(list, s, start, end, maxEntries, options.decoding);
    }
  }
  if (stop < 0) return null;
  if (stop !== scanEnd) {
    // Stopped at one parameter too many.
    if (!options.truncate) {
      parseError = tooManyParams(options.maxParams + countParams(s, stop, scanEnd), options.maxParams);
      return null;
    }
    truncated = true;
  }
  // The short scan sized the list for the worst case; the QueryParams keeps it, so give the slack back.
  if (list.length > scanned) list.length = scanned;
  return createQueryParams(list, scanned, truncated);
}

function parse(input: QueryInput, options: QueryOptions | undefined): QueryParams | null {
  let resolved = DEFAULT_OPTIONS;
  if (options !== undefined) {
    const checked = resolveOptions(options);
    if (checked instanceof QueryParamsError) {
      parseError = checked;
      return null;
    }
    resolved = checked;
  }
  let s: string;
  if (typeof input === 'string') {
    s = input;
  } else {
    const source = querySource(input);
    if (typeof source !== 'string') {
      parseError = source;
      return null;
    }
    s = source;
  }
  const start = queryStart(s);
  // Negative: a URL or target whose query the URL parser would change (tabs, newlines, trailing spaces).
  return start >= 0 ? parseRange(s, start, resolved) : parseRange(cleanQuery(s, ~start), 0, resolved);
}

/**
 * Parses the query of a request target, URL, `URLSearchParams` or request (`{ url }`) into immutable
 * {@link QueryParams}. By default the result is exactly the URL Standard's: `new URL(input, base).searchParams`
 * for a target or URL string (tabs and newlines removed, C0 controls and spaces trimmed at the ends),
 * `new URLSearchParams(query)` for a bare or `?` query (nothing removed). Malformed input never throws unless
 * `decoding: 'strict'`.
 *
 * @param input - `/ws?x=1`, `ws://h/p?x=1`, `?x=1`, `x=1`, a `URL`, a `URLSearchParams` or an `IncomingMessage`
 * @param options - limits and decoding, see {@link QueryOptions}
 * @throws {QueryParamsError} `TOO_LONG` / `TOO_MANY_PARAMS` over a limit with `onLimit: 'throw'` (default),
 *   `INVALID_ENCODING` with `decoding: 'strict'`, `INVALID_INPUT` for an input of the wrong kind,
 *   `INVALID_OPTION` for an option of the wrong type or range
 */
export function parseQuery(input: QueryInput, options?: QueryOptions): QueryParams {
  const result = parse(input, options);
  if (result === null) throw takeParseError();
  return result;
}

/**
 * {@link parseQuery} without exceptions: `{ ok: true, value }` or `{ ok: false, error }` with the
 * `QueryParamsError` that `parseQuery` would have thrown.
 *
 * @param input - as for `parseQuery`
 * @param options - as for `parseQuery`
 */
export function tryParseQuery(input: QueryInput, options?: QueryOptions): TryParseQueryResult {
  const result = parse(input, options);
  return result === null ? { ok: false, error: takeParseError() } : { ok: true, value: result };
}
