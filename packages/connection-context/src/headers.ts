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

/** The headers the context reads itself, found in one pass, and every line for `headers`. */
export interface ScannedHeaders {
  /** Lowercase names, one per line (shared with earlier requests that sent the same names). */
  names: readonly string[];
  /** The values, one per line, in request order. */
  values: string[];
  host: string | null;
  origin: string | null;
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

// Values that are the same on (nearly) every connection to one deployment: the Host, the Origin,
// the handshake's fixed headers, the offered subprotocols and extensions, and low-variety client
// headers (a few User-Agents and languages). Each name keeps the last VALUE_WAYS distinct values seen;
// an equal value from a later request is replaced by that one instance, so 10,000 held contexts keep
// one "websocket" and one string per distinct User-Agent rather than 10,000 copies. Costs at most
// VALUE_WAYS string comparisons per such header (most differ in length, which ends a comparison at
// once); a new value takes the oldest place, so the memory is bounded.
const SHARED_NAMES = [
  'host',
  'origin',
  'user-agent',
  'upgrade',
  'connection',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'x-forwarded-proto',
  'accept-language',
  'accept-encoding',
  'cache-control',
  'pragma',
];
const SLOT_BY_NAME = new Map<string, number>(SHARED_NAMES.map((name, slot) => [name, slot]));
const VALUE_WAYS = 8;
const recentValues: string[] = new Array<string>(SHARED_NAMES.length * VALUE_WAYS).fill('');
const nextWay = new Uint8Array(SHARED_NAMES.length);

function slotOf(name: string): number {
  return SLOT_BY_NAME.get(name) ?? -1;
}

function shared(slot: number, value: string): string {
  const base = slot * VALUE_WAYS;
  for (let way = 0; way < VALUE_WAYS; way++) {
    const known = recentValues[base + way] as string;
    if (known === value) return known;
  }
  const way = nextWay[slot] as number;
  recentValues[base + way] = value;
  nextWay[slot] = (way + 1) % VALUE_WAYS;
  return value;
}

// What the scan does with a header line, by its lowercase name (anything else is only kept).
const OTHER = 0;
const HOST = 1;
const ORIGIN = 2;
const KEY = 3;
const AUTHORIZATION = 4;
const PROTOCOL = 6;
const COOKIE = 7;
const X_FORWARDED_FOR = 8;
const X_FORWARDED_PROTO = 9;
const FORWARDED = 10;
const KIND_BY_NAME = new Map<string, number>([
  ['host', HOST],
  ['origin', ORIGIN],
  ['sec-websocket-key', KEY],
  ['authorization', AUTHORIZATION],
  ['sec-websocket-protocol', PROTOCOL],
  ['cookie', COOKIE],
  ['x-forwarded-for', X_FORWARDED_FOR],
  ['x-forwarded-proto', X_FORWARDED_PROTO],
  ['forwarded', FORWARDED],
]);

/**
 * A sequence of header names seen before, as a node of a trie keyed by the names as sent: a server's
 * clients send a few header orders again and again (one per client library), so every context of one
 * order shares one frozen list of lowercase names, and each line costs one lookup of the name as sent
 * (no lowercasing, no new array per request). The trie is bounded: past {@link MAX_SEQUENCES} nodes it
 * starts over, so requests with ever new names cost what a list per request costs, never unbounded memory.
 */
class NameSequence {
  /** The names of the lines so far, frozen: shared by every context whose request began this way. */
  readonly names: readonly string[];
  /** What the scan does with the last line. */
  readonly kind: number;
  /** The slot of the last line's shared values, or -1. */
  readonly slot: number;
  // The first few next lines, compared in order (cheaper than hashing the fresh name), then a Map.
  readonly #firstSent: string[];
  readonly #firstNext: NameSequence[];
  #moreNext: Map<string, NameSequence> | null;

  constructor(names: readonly string[], kind: number, slot: number) {
    this.names = names;
    this.kind = kind;
    this.slot = slot;
    this.#firstSent = [];
    this.#firstNext = [];
    this.#moreNext = null;
  }

  /** The sequence one line longer, made on first sight; `null` when the trie just started over. */
  next(sent: string): NameSequence | null {
    const firstSent = this.#firstSent;
    for (let index = 0; index < firstSent.length; index++) {
      if (firstSent[index] === sent) return this.#firstNext[index] as NameSequence;
    }
    let next = this.#moreNext?.get(sent);
    if (next === undefined) {
      if (sequenceCount >= MAX_SEQUENCES) {
        root = new NameSequence(NO_NAMES, OTHER, -1);
        sequenceCount = 0;
        return null;
      }
      const name = lowercaseHeaderName(sent);
      const names = new Array<string>(this.names.length + 1);
      for (let index = 0; index < this.names.length; index++) names[index] = this.names[index] as string;
      names[this.names.length] = name;
      next = new NameSequence(Object.freeze(names), KIND_BY_NAME.get(name) ?? OTHER, slotOf(name));
      if (firstSent.length < FIRST_NEXT) {
        firstSent.push(sent);
        this.#firstNext.push(next);
      } else {
        this.#moreNext ??= new Map();
        this.#moreNext.set(sent, next);
      }
      sequenceCount++;
    }
    return next;
  }
}

/** How many next lines a sequence compares one by one before it looks them up in a Map. */
const FIRST_NEXT = 6;
/** How many name sequences the trie keeps before it starts over. */
const MAX_SEQUENCES = 2048;
const NO_NAMES: readonly string[] = Object.freeze([]);
let root = new NameSequence(NO_NAMES, OTHER, -1);
let sequenceCount = 0;

/**
 * Reads `[name, value, name, value, ...]` (names as sent) in one pass: lowercases the names, finds the
 * headers the context needs, and refuses duplicated single-value headers.
 *
 * A comma in `host`, `origin` or `sec-websocket-key` can only come from two values joined (as Node's
 * `req.headers` and WHATWG `Headers` do), so it counts as a duplicate: every source gives the same answer.
 *
 * @param lines - Node's `rawHeaders`, or the same shape built from a WHATWG `Headers`.
 * @throws {ConnectionContextError} `DUPLICATE_HEADER` for a second `authorization`, `host`, `origin` or
 *   `sec-websocket-key` line, or a comma in one of the last three.
 */
export function scanHeaders(lines: readonly string[]): ScannedHeaders {
  const count = lines.length >> 1;
  const values = new Array<string>(count);
  let host: string | null = null;
  let origin: string | null = null;
  let authorization: string | null = null;
  let protocols: string | null = null;
  let cookie: string | null = null;
  let xForwardedFor: string | null = null;
  let xForwardedProto: string | null = null;
  let forwarded: string | null = null;
  let key: string | null = null;
  let sequence: NameSequence | null = root;
  // Only when the trie started over during this request: its names, one list of its own.
  let ownNames: string[] | null = null;
  for (let line = 0; line < count; line++) {
    const sent = lines[line * 2] as string;
    let kind: number;
    let slot: number;
    if (sequence !== null) {
      const next = sequence.next(sent);
      if (next === null) ownNames = sequence.names.slice();
      sequence = next;
    }
    if (sequence !== null) {
      kind = sequence.kind;
      slot = sequence.slot;
    } else {
      const lower = lowercaseHeaderName(sent);
      (ownNames as string[])[line] = lower;
      kind = KIND_BY_NAME.get(lower) ?? OTHER;
      slot = slotOf(lower);
    }
    let value = lines[line * 2 + 1] as string;
    if (slot !== -1) value = shared(slot, value);
    values[line] = value;
    switch (kind) {
      case OTHER:
        break;
      case HOST:
        if (host !== null || value.indexOf(',') !== -1) throw duplicate('host');
        host = value;
        break;
      case ORIGIN:
        if (origin !== null || value.indexOf(',') !== -1) throw duplicate('origin');
        origin = value;
        break;
      case KEY:
        if (key !== null || value.indexOf(',') !== -1) throw duplicate('sec-websocket-key');
        key = value;
        break;
      case AUTHORIZATION:
        if (authorization !== null) throw duplicate('authorization');
        authorization = value;
        break;
      case PROTOCOL:
        protocols = join(protocols, value, ', ');
        break;
      case COOKIE:
        cookie = join(cookie, value, '; ');
        break;
      case X_FORWARDED_FOR:
        xForwardedFor = join(xForwardedFor, value, ', ');
        break;
      case X_FORWARDED_PROTO:
        xForwardedProto = join(xForwardedProto, value, ', ');
        break;
      case FORWARDED:
        forwarded = join(forwarded, value, ', ');
        break;
    }
  }
  return {
    names: sequence !== null ? sequence.names : Object.freeze(ownNames as string[]),
    values,
    host,
    origin,
    authorization,
    protocols,
    cookie,
    xForwardedFor,
    xForwardedProto,
    forwarded,
  };
}

/** Exported for tests: the names refused when repeated. */
export const singleValueHeaders: readonly string[] = [...SINGLE_VALUE, 'authorization'];

/**
 * Copies a WHATWG `Headers` into `[name, value, ...]`. `Headers` has already joined repeated lines
 * with `, ` (except `set-cookie`, kept one per line).
 *
 * @param headers - a `Headers` instance or anything iterable the same way.
 */
export function listFromFetchHeaders(headers: Iterable<[string, string]>): string[] {
  const list: string[] = [];
  for (const [name, value] of headers) list.push(name, value);
  return list;
}

/** The `headers` field: a read-only view over the request's header lines. */
export class RequestHeaders implements ConnectionContextHeaders {
  readonly #names: readonly string[];
  readonly #values: readonly string[];

  /**
   * @param names - lowercase names, one per line (may be shared between instances: never modified).
   * @param values - the values, owned by this instance from now on.
   */
  constructor(names: readonly string[], values: readonly string[]) {
    this.#names = names;
    this.#values = values;
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
    const names = this.#names;
    const values = this.#values;
    let result: string | null = null;
    for (let line = 0; line < names.length; line++) {
      if (names[line] === lower) {
        const value = values[line] as string;
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
    const names = this.#names;
    const values = this.#values;
    const all: string[] = [];
    for (let line = 0; line < names.length; line++) {
      if (names[line] === lower) all.push(values[line] as string);
    }
    return all;
  }

  /**
   * Whether the request has at least one `name` line.
   *
   * @param name - a header name, any case.
   */
  has(name: string): boolean {
    const lower = lowercaseHeaderName(name);
    const names = this.#names;
    for (let line = 0; line < names.length; line++) {
      if (names[line] === lower) return true;
    }
    return false;
  }

  /** `[lowercase name, value]` per header line, in request order. */
  entries(): IterableIterator<[string, string]> {
    const names = this.#names;
    const values = this.#values;
    // An array's own iterator rather than a generator: V8 runs for...of over it without creating a
    // result object per step, which made a full walk of 14 headers about twice as fast.
    const pairs = new Array<[string, string]>(names.length);
    for (let line = 0; line < names.length; line++) {
      pairs[line] = [names[line] as string, values[line] as string];
    }
    return pairs.values();
  }

  /** The same as {@link RequestHeaders.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
