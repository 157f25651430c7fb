import { bearerSubprotocol, isValidSubprotocol } from '@ws-compat/header-options';
import { type QueryOptions, tryParseQuery } from '@ws-compat/query-params';
import type { TokenSource } from './auth.js';
import type { ForwardedHeaderMode } from './client.js';
import { ConnectionContextError } from './errors.js';
import { randomId } from './id.js';
import { isHttpToken } from './tchar.js';
import { compileTrustProxy, type TrustCheck, type TrustProxyOption } from './trust-proxy.js';
import { invalidOption } from './validate.js';

/**
 * Options of `buildConnectionContext` (and of `withConnectionContext`).
 *
 * Read once, when first used: they are checked and compiled from a copy, and that copy is what every
 * later call with the same object uses, so changing the object (or a list in it) afterwards has no
 * effect. Pass a new object to change them. The fields are `readonly` so that TypeScript flags such a
 * change. `remoteAddress` and `remotePort` describe one request and are read on every call.
 */
export interface ContextOptions {
  /**
   * Which peers may tell us the client's address and scheme. Default `false`: the socket address,
   * forwarding headers ignored. A list of IPs, CIDRs and the names `'loopback'`, `'linklocal'`,
   * `'uniquelocal'`, or a function `(address, hop) => boolean` (hop 0 is the socket peer). A hop
   * count is refused (`INVALID_TRUST_PROXY`): any client can spoof one.
   */
  readonly trustProxy?: TrustProxyOption;
  /**
   * The forwarding header your trusted proxies write; the other one is never read. Default
   * `'x-forwarded-for'`: the address from X-Forwarded-For, the scheme from X-Forwarded-Proto.
   * `'forwarded'`: address, port and scheme from RFC 7239 `Forwarded` (`for=`, `proto=`).
   */
  readonly forwardedHeader?: ForwardedHeaderMode;
  /** Where a token may come from, in order; default `['header', 'subprotocol']`. */
  readonly tokenSources?: readonly TokenSource[];
  /** The query parameter holding a token (source `'query'`); default `'access_token'`. */
  readonly tokenQueryParam?: string;
  /** The cookie holding a token (source `'cookie'`); default `'access_token'`. */
  readonly tokenCookie?: string;
  /** The bearer-subprotocol prefix; default `bearerSubprotocol.prefix`. */
  readonly subprotocolPrefix?: string;
  /** Passed to `parseQuery` as is. */
  readonly query?: QueryOptions;
  /** The client address, for a WHATWG `Request` source (which does not carry one). */
  remoteAddress?: string;
  /** The client port, for a WHATWG `Request` source. */
  remotePort?: number;
  /** Makes `id`; default `crypto.randomUUID()`. */
  readonly generateId?: () => string;
  /** More header names and query parameters whose values `toJSON()` hides. */
  readonly redact?: { readonly headers?: readonly string[]; readonly queryParams?: readonly string[] };
}

/** The options, checked and with their defaults, computed once per options object. */
export interface CompiledOptions {
  readonly trust: TrustCheck | null;
  readonly forwardedHeader: ForwardedHeaderMode;
  readonly tokenSources: readonly TokenSource[];
  readonly tokenQueryParam: string;
  readonly tokenCookie: string;
  readonly prefix: string;
  readonly query: QueryOptions | undefined;
  /** Default query options and no query token: a short query can be parsed on first read. */
  readonly lazyQuery: boolean;
  /** Token sources among `'header'` and `'subprotocol'` only: the token is checked at build, read on first use. */
  readonly lazyAuth: boolean;
  /** Whether `'header'` is a token source (the Authorization header is then read). */
  readonly headerSource: boolean;
  /** Whether `'cookie'` is a token source (cookies are then parsed during the build). */
  readonly cookieSource: boolean;
  readonly generateId: () => string;
  readonly redactHeaders: ReadonlySet<string>;
  readonly redactQueryParams: ReadonlySet<string>;
}

const TOKEN_SOURCES: readonly TokenSource[] = ['header', 'subprotocol', 'query', 'cookie'];
const DEFAULT_SOURCES: readonly TokenSource[] = Object.freeze(['header', 'subprotocol'] as const);
const ALWAYS_REDACTED_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const ALWAYS_REDACTED_PARAMS = ['access_token', 'token'];

const compiledByOptions = new WeakMap<object, CompiledOptions>();

// Per-request options objects ({ ...shared, remoteAddress }) share one trustProxy list: its compiled
// check (and the check's cache of decisions) is reused, but only while the list still holds the
// entries it was compiled from, so a list changed in place is compiled again, never served stale.
interface CompiledTrust {
  readonly entries: readonly unknown[] | null;
  readonly trust: TrustCheck | null;
}
const trustByOption = new WeakMap<object, CompiledTrust>();

function sameEntries(list: readonly unknown[], entries: readonly unknown[]): boolean {
  if (list.length !== entries.length) return false;
  for (let index = 0; index < list.length; index++) {
    if (list[index] !== entries[index]) return false;
  }
  return true;
}

function compileTrust(option: unknown): TrustCheck | null {
  if (typeof option !== 'object' && typeof option !== 'function') return compileTrustProxy(option);
  if (option === null) return compileTrustProxy(option);
  const list = Array.isArray(option) ? (option as readonly unknown[]) : null;
  const known = trustByOption.get(option);
  if (known !== undefined && (list === null || sameEntries(list, known.entries as readonly unknown[]))) {
    return known.trust;
  }
  const trust = compileTrustProxy(option);
  trustByOption.set(option, { entries: list === null ? null : list.slice(), trust });
  return trust;
}

const FORWARDED_HEADER_VALUES =
  "'x-forwarded-for' (the default: X-Forwarded-For with X-Forwarded-Proto) or 'forwarded' (RFC 7239 Forwarded)";

function compileForwardedHeader(value: unknown): ForwardedHeaderMode {
  if (value === undefined || value === 'x-forwarded-for') return 'x-forwarded-for';
  if (value === 'forwarded') return 'forwarded';
  throw invalidOption(
    'forwardedHeader',
    value,
    FORWARDED_HEADER_VALUES,
    value === 'auto'
      ? "'auto' was removed: it let a header the client sent, which your proxy passed through, decide the client's address and scheme; name the one header your proxy writes"
      : undefined,
  );
}

const TOKEN_SOURCES_ACCEPTED = "one of 'header', 'subprotocol', 'query', 'cookie'";

function compileTokenSources(value: unknown): readonly TokenSource[] {
  if (value === undefined) return DEFAULT_SOURCES;
  if (!Array.isArray(value)) {
    throw invalidOption('tokenSources', value, `an array of ${TOKEN_SOURCES_ACCEPTED}`);
  }
  const sources: TokenSource[] = [];
  for (let index = 0; index < value.length; index++) {
    const source: unknown = value[index];
    if (!TOKEN_SOURCES.includes(source as TokenSource)) {
      throw invalidOption(`tokenSources[${index}]`, source, TOKEN_SOURCES_ACCEPTED);
    }
    sources.push(source as TokenSource);
  }
  return Object.freeze(sources);
}

function optionalString(
  name: string,
  value: unknown,
  fallback: string,
  accepted: string,
  valid: (text: string) => boolean,
): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !valid(value)) throw invalidOption(name, value, accepted);
  return value;
}

const isNonEmpty = (text: string): boolean => text.length > 0;
const isSubprotocolPrefix = (text: string): boolean => text.length > 0 && isValidSubprotocol(text);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileQueryOptions(value: unknown): QueryOptions | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalidOption('query', value, 'an object of query-params QueryOptions');
  // query-params checks its own options; its verdict is taken once, now, rather than as a 400 for
  // every request.
  const checked = tryParseQuery('', value as QueryOptions);
  if (!checked.ok) {
    throw new ConnectionContextError(
      'INVALID_OPTION',
      `query must be valid query-params QueryOptions (maxParams, maxLength, onLimit, decoding): ${checked.error.message}`,
      { cause: checked.error },
    );
  }
  return Object.freeze({ ...(value as QueryOptions) });
}

function compileList(
  name: string,
  value: unknown,
  accepted: { list: string; entry: string },
  valid: (text: string) => boolean,
): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidOption(name, value, accepted.list);
  const list: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const entry: unknown = value[index];
    if (typeof entry !== 'string' || !valid(entry)) {
      throw invalidOption(`${name}[${index}]`, entry, accepted.entry);
    }
    list.push(entry);
  }
  return list;
}

function compileRedact(value: unknown): { headers: readonly string[]; queryParams: readonly string[] } {
  if (value === undefined) return { headers: [], queryParams: [] };
  if (!isPlainObject(value)) {
    throw invalidOption('redact', value, 'an object { headers?: string[], queryParams?: string[] }');
  }
  return {
    headers: compileList(
      'redact.headers',
      value.headers,
      { list: 'an array of header names', entry: 'a header name (an RFC 7230 token)' },
      isHttpToken,
    ),
    queryParams: compileList(
      'redact.queryParams',
      value.queryParams,
      { list: 'an array of query parameter names', entry: 'a non-empty string' },
      isNonEmpty,
    ),
  };
}

/**
 * Checks the per-request options `remoteAddress` and `remotePort`: read on every call, since they
 * describe the request, not the server.
 *
 * @throws {ConnectionContextError} `INVALID_OPTION` for a value of the wrong type or range.
 */
export function checkRemoteOptions(remoteAddress: unknown, remotePort: unknown): void {
  if (remoteAddress !== undefined && typeof remoteAddress !== 'string') {
    throw invalidOption('remoteAddress', remoteAddress, "the client's IP address as a string, or undefined");
  }
  if (
    remotePort !== undefined &&
    (typeof remotePort !== 'number' || !Number.isInteger(remotePort) || remotePort < 0 || remotePort > 65535)
  ) {
    throw invalidOption('remotePort', remotePort, 'an integer from 0 to 65535, or undefined');
  }
}

function compile(input: unknown): CompiledOptions {
  if (!isPlainObject(input)) throw invalidOption('options', input, 'an object, or undefined');
  const options = input as ContextOptions;
  const sources = compileTokenSources(options.tokenSources);
  const forwardedHeader = compileForwardedHeader(options.forwardedHeader);
  const tokenQueryParam = optionalString(
    'tokenQueryParam',
    options.tokenQueryParam,
    'access_token',
    'a non-empty string (the query parameter name)',
    isNonEmpty,
  );
  const tokenCookie = optionalString(
    'tokenCookie',
    options.tokenCookie,
    'access_token',
    'a cookie name (a non-empty RFC 7230 token)',
    isHttpToken,
  );
  const prefix = optionalString(
    'subprotocolPrefix',
    options.subprotocolPrefix,
    bearerSubprotocol.prefix,
    'a non-empty string of subprotocol token characters (RFC 7230 tchar)',
    isSubprotocolPrefix,
  );
  const query = compileQueryOptions(options.query);
  checkRemoteOptions(options.remoteAddress, options.remotePort);
  const generateId = options.generateId;
  if (generateId !== undefined && typeof generateId !== 'function') {
    throw invalidOption('generateId', generateId, 'a function returning a non-empty string');
  }
  const redact = compileRedact(options.redact);
  return Object.freeze({
    trust: compileTrust(options.trustProxy),
    forwardedHeader,
    tokenSources: sources,
    tokenQueryParam,
    tokenCookie,
    prefix,
    query,
    lazyQuery: query === undefined && !sources.includes('query'),
    lazyAuth: !sources.includes('query') && !sources.includes('cookie'),
    headerSource: sources.includes('header'),
    cookieSource: sources.includes('cookie'),
    generateId: generateId ?? randomId,
    redactHeaders: new Set([...ALWAYS_REDACTED_HEADERS, ...redact.headers.map((name) => name.toLowerCase())]),
    redactQueryParams: new Set([...ALWAYS_REDACTED_PARAMS, tokenQueryParam, ...redact.queryParams]),
  });
}

const DEFAULTS = compile({});
let lastOptions: object | undefined;
let lastCompiled: CompiledOptions = DEFAULTS;

/**
 * Checks `options` and fills in the defaults, once per options object: the options are read when
 * first used and compiled from a copy (lists included), so changing the object later has no effect.
 * Pass a new object to change them. `remoteAddress` and `remotePort`, which describe one request,
 * are read on every call.
 *
 * @throws {ConnectionContextError} `INVALID_TRUST_PROXY` for a bad `trustProxy`; `INVALID_OPTION`
 *   (status 500) for any other option of the wrong type or range (the message names the option, the
 *   value and what is accepted).
 */
export function compileOptions(options: ContextOptions | undefined): CompiledOptions {
  if (options === undefined) return DEFAULTS;
  // A server passes the same options object on every connection: skip even the WeakMap lookup.
  if (options === lastOptions) return lastCompiled;
  let compiled = compiledByOptions.get(options);
  if (compiled === undefined) {
    compiled = compile(options);
    compiledByOptions.set(options, compiled);
  }
  lastOptions = options;
  lastCompiled = compiled;
  return compiled;
}
