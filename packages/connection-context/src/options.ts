import { bearerSubprotocol } from '@ws-compat/header-options';
import type { QueryOptions } from '@ws-compat/query-params';
import type { TokenSource } from './auth.js';
import type { ForwardedHeaderMode } from './client.js';
import { randomId } from './id.js';
import { compileTrustProxy, type TrustCheck, type TrustProxyOption } from './trust-proxy.js';
import { invalidOption } from './validate.js';

/** Options of `buildConnectionContext` (and of `withConnectionContext`). */
export interface ContextOptions {
  /**
   * Which peers may tell us the client's address and scheme. Default `false`: the socket address,
   * forwarding headers ignored. A list of IPs, CIDRs and the names `'loopback'`, `'linklocal'`,
   * `'uniquelocal'`, or a function `(address, hop) => boolean` (hop 0 is the socket peer). A hop
   * count is refused (`INVALID_TRUST_PROXY`): any client can spoof one.
   */
  trustProxy?: TrustProxyOption;
  /**
   * The forwarding header your trusted proxies write; the other one is never read. Default
   * `'x-forwarded-for'`: the address from X-Forwarded-For, the scheme from X-Forwarded-Proto.
   * `'forwarded'`: address, port and scheme from RFC 7239 `Forwarded` (`for=`, `proto=`).
   */
  forwardedHeader?: ForwardedHeaderMode;
  /** Where a token may come from, in order; default `['header', 'subprotocol']`. */
  tokenSources?: readonly TokenSource[];
  /** The query parameter holding a token (source `'query'`); default `'access_token'`. */
  tokenQueryParam?: string;
  /** The cookie holding a token (source `'cookie'`); default `'access_token'`. */
  tokenCookie?: string;
  /** The bearer-subprotocol prefix; default `bearerSubprotocol.prefix`. */
  subprotocolPrefix?: string;
  /** Passed to `parseQuery` as is. */
  query?: QueryOptions;
  /** The client address, for a WHATWG `Request` source (which does not carry one). */
  remoteAddress?: string;
  /** The client port, for a WHATWG `Request` source. */
  remotePort?: number;
  /** Makes `id`; default `crypto.randomUUID()`. */
  generateId?: () => string;
  /** More header names and query parameters whose values `toJSON()` hides. */
  redact?: { headers?: readonly string[]; queryParams?: readonly string[] };
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
const trustByOption = new WeakMap<object, TrustCheck | null>();

function compileTrust(option: unknown): TrustCheck | null {
  if (typeof option !== 'object' && typeof option !== 'function') return compileTrustProxy(option);
  if (option === null) return compileTrustProxy(option);
  let trust = trustByOption.get(option);
  if (trust === undefined) {
    trust = compileTrustProxy(option);
    trustByOption.set(option, trust);
  }
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

function compile(options: ContextOptions): CompiledOptions {
  const sources = options.tokenSources ?? DEFAULT_SOURCES;
  for (const source of sources) {
    if (!TOKEN_SOURCES.includes(source)) {
      throw new TypeError(
        `tokenSources entry ${JSON.stringify(source)} is not one of 'header', 'subprotocol', 'query', 'cookie'`,
      );
    }
  }
  const forwardedHeader = compileForwardedHeader(options.forwardedHeader);
  const tokenQueryParam = options.tokenQueryParam ?? 'access_token';
  return Object.freeze({
    trust: compileTrust(options.trustProxy),
    forwardedHeader,
    tokenSources: sources,
    tokenQueryParam,
    tokenCookie: options.tokenCookie ?? 'access_token',
    prefix: options.subprotocolPrefix ?? bearerSubprotocol.prefix,
    query: options.query,
    lazyQuery: options.query === undefined && !sources.includes('query'),
    headerSource: sources.includes('header'),
    cookieSource: sources.includes('cookie'),
    generateId: options.generateId ?? randomId,
    redactHeaders: new Set([
      ...ALWAYS_REDACTED_HEADERS,
      ...(options.redact?.headers ?? []).map((name) => name.toLowerCase()),
    ]),
    redactQueryParams: new Set([
      ...ALWAYS_REDACTED_PARAMS,
      tokenQueryParam,
      ...(options.redact?.queryParams ?? []),
    ]),
  });
}

const DEFAULTS = compile({});
let lastOptions: object | undefined;
let lastCompiled: CompiledOptions = DEFAULTS;

/**
 * Checks `options` and fills in the defaults, once per options object.
 *
 * @throws {ConnectionContextError} `INVALID_TRUST_PROXY` for a bad `trustProxy`.
 * @throws {ConnectionContextError} `INVALID_OPTION` for a `forwardedHeader` that is not
 *   `'x-forwarded-for'` or `'forwarded'`.
 * @throws {TypeError} for an unknown token source.
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
