import { ConnectionContextError } from './errors.js';

/** The request headers: lowercase names, every line kept. */
export interface ConnectionContextHeaders {
  /** All values of `name` joined as HTTP joins them (`, `; `; ` for `cookie`), or `null`. */
  get(name: string): string | null;
  /** Every line of `name`, in request order (a new array each call). */
  getAll(name: string): string[];
  has(name: string): boolean;
  /** `[lowercase name, value]` per header line, in request order. */
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

// Common request header names, so the lowercase name a context keeps is one shared string instead
// of a fresh copy per connection.
const COMMON_NAMES = [
  'accept',
  'accept-encoding',
  'accept-language',
  'authorization',
  'cache-control',
  'connection',
  'content-length',
  'cookie',
  'dnt',
  'forwarded',
  'host',
  'origin',
  'pragma',
  'proxy-authorization',
  'referer',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-websocket-extensions',
  'sec-websocket-key',
  'sec-websocket-protocol',
  'sec-websocket-version',
  'traceparent',
  'tracestate',
  'upgrade',
  'user-agent',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-real-ip',
  'x-request-id',
];

const INTERNED = new Map<string, string>();
for (const name of COMMON_NAMES) {
  INTERNED.set(name, name);
  const title = name.replace(
    /(^|-)([a-z])/g,
    (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
  );
  INTERNED.set(title, name);
  INTERNED.set(title.replace('Websocket', 'WebSocket'), name);
  INTERNED.set(name.toUpperCase(), name);
}

/**
 * The lowercase form of a header name, shared for common names.
 *
 * @param name - a header name as sent.
 */
export function lowercaseHeaderName(name: string): string {
  const known = INTERNED.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  return INTERNED.get(lower) ?? lower;
}

/** Header names that must appear once: a second value is refused rather than guessed. */
const SINGLE_VALUE = ['host', 'origin', 'sec-websocket-key'] as const;

function duplicate(name: string): ConnectionContextError {
  return new ConnectionContextError(
    'DUPLICATE_HEADER',
    `Duplicate "${name}" header: the request carries it more than once (repeated lines or a comma-joined list); exactly one is allowed, so the request is refused rather than guessing which one counts`,
  );
}

/**
 * Throws the `DUPLICATE_HEADER` error for `name`.
 *
 * @param name - the lowercase header name.
 */
export function throwDuplicate(name: string): never {
  throw duplicate(name);
}

/** The headers the context reads itself, found in one pass. */
export interface ScannedHeaders {
  host: string | null;
  origin: string | null;
  userAgent: string | null;
  authorization: string | null;
  protocols: string | null;
  cookie: string | null;
  xForwardedFor: string | null;
  xForwardedProto: string | null;
  forwarded: string | null;
}

function join(previous: string | null, value: string, separator: string): string {
  return previous === null ? value : previous + separator + value;
}

/**
 * Finds the headers the context needs in one pass over `[name, value, name, value, ...]` (lowercase
 * names) and refuses duplicated single-value headers.
 *
 * A comma in `host`, `origin` or `sec-websocket-key` can only come from two values joined (as Node's
 * `req.headers` and WHATWG `Headers` do), so it counts as a duplicate: every source gives the same answer.
 *
 * @throws {ConnectionContextError} `DUPLICATE_HEADER` for a second `authorization`, `host`, `origin` or
 *   `sec-websocket-key` line, or a comma in one of the last three.
 */
export function scanHeaders(list: readonly string[]): ScannedHeaders {
  const found: ScannedHeaders = {
    host: null,
    origin: null,
    userAgent: null,
    authorization: null,
    protocols: null,
    cookie: null,
    xForwardedFor: null,
    xForwardedProto: null,
    forwarded: null,
  };
  let key: string | null = null;
  for (let index = 0; index < list.length; index += 2) {
    const name = list[index] as string;
    const value = list[index + 1] as string;
    switch (name) {
      case 'host':
        if (found.host !== null || value.indexOf(',') !== -1) throw duplicate(name);
        found.host = value;
        break;
      case 'origin':
        if (found.origin !== null || value.indexOf(',') !== -1) throw duplicate(name);
        found.origin = value;
        break;
      case 'sec-websocket-key':
        if (key !== null || value.indexOf(',') !== -1) throw duplicate(name);
        key = value;
        break;
      case 'authorization':
        if (found.authorization !== null) throw duplicate(name);
        found.authorization = value;
        break;
      case 'user-agent':
        found.userAgent = join(found.userAgent, value, ', ');
        break;
      case 'sec-websocket-protocol':
        found.protocols = join(found.protocols, value, ', ');
        break;
      case 'cookie':
        found.cookie = join(found.cookie, value, '; ');
        break;
      case 'x-forwarded-for':
        found.xForwardedFor = join(found.xForwardedFor, value, ', ');
        break;
      case 'x-forwarded-proto':
        found.xForwardedProto = join(found.xForwardedProto, value, ', ');
        break;
      case 'forwarded':
        found.forwarded = join(found.forwarded, value, ', ');
        break;
    }
  }
  return found;
}

/** Exported for tests: the names refused when repeated. */
export const singleValueHeaders: readonly string[] = [...SINGLE_VALUE, 'authorization'];

/**
 * Copies Node's `rawHeaders` into `[lowercase name, value, ...]`.
 *
 * @param rawHeaders - `IncomingMessage.rawHeaders`.
 */
export function listFromRawHeaders(rawHeaders: readonly string[]): string[] {
  const list = new Array<string>(rawHeaders.length);
  for (let index = 0; index < rawHeaders.length; index += 2) {
    list[index] = lowercaseHeaderName(rawHeaders[index] as string);
    list[index + 1] = rawHeaders[index + 1] as string;
  }
  return list;
}

/**
 * Copies a WHATWG `Headers` into `[lowercase name, value, ...]`. `Headers` has already joined
 * repeated lines with `, ` (except `set-cookie`, kept one per line).
 *
 * @param headers - a `Headers` instance or anything iterable the same way.
 */
export function listFromFetchHeaders(headers: Iterable<[string, string]>): string[] {
  const list: string[] = [];
  for (const [name, value] of headers) list.push(lowercaseHeaderName(name), value);
  return list;
}

/** The `headers` field: a read-only view over the copied header lines. */
export class RequestHeaders implements ConnectionContextHeaders {
  readonly #list: readonly string[];

  /** @param list - `[lowercase name, value, ...]`, owned by this instance from now on. */
  constructor(list: readonly string[]) {
    this.#list = list;
    Object.freeze(this);
  }

  /**
   * All values of `name` joined as HTTP joins them (`, `, or `; ` for `cookie`).
   *
   * @param name - a header name, any case.
   * @returns the joined value, or `null` when the request has no such header.
   */
  get(name: string): string | null {
    const lower = lowercaseHeaderName(name);
    const list = this.#list;
    let result: string | null = null;
    for (let index = 0; index < list.length; index += 2) {
      if (list[index] === lower) {
        const value = list[index + 1] as string;
        result = result === null ? value : result + (lower === 'cookie' ? '; ' : ', ') + value;
      }
    }
    return result;
  }

  /**
   * Every line of `name`, in request order.
   *
   * @param name - a header name, any case.
   */
  getAll(name: string): string[] {
    const lower = lowercaseHeaderName(name);
    const list = this.#list;
    const values: string[] = [];
    for (let index = 0; index < list.length; index += 2) {
      if (list[index] === lower) values.push(list[index + 1] as string);
    }
    return values;
  }

  /**
   * Whether the request has at least one `name` line.
   *
   * @param name - a header name, any case.
   */
  has(name: string): boolean {
    const lower = lowercaseHeaderName(name);
    const list = this.#list;
    for (let index = 0; index < list.length; index += 2) {
      if (list[index] === lower) return true;
    }
    return false;
  }

  /** `[lowercase name, value]` per header line, in request order. */
  *entries(): IterableIterator<[string, string]> {
    const list = this.#list;
    for (let index = 0; index < list.length; index += 2) {
      yield [list[index] as string, list[index + 1] as string];
    }
  }

  /** The same as {@link RequestHeaders.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
