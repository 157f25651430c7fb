import type { IncomingMessage } from 'node:http';
import { type QueryParams, tryParseQuery } from '@ws-compat/query-params';
import { parseCookie } from 'cookie';
import {
  authorizationCredentials,
  type ConnectionAuth,
  type ConnectionAuthorization,
  findToken,
  isHeaderPlace,
  NO_TOKEN,
  otherAuthorization,
  readToken,
  resolveAuth,
} from './auth.js';
import {
  type ClientInfo,
  forwardedClient,
  type PeerSocket,
  peerClient,
  type ResolvedClient,
  resolveClient,
} from './client.js';
import { ConnectionContextError } from './errors.js';
import {
  type ConnectionContextHeaders,
  listFromFetchHeaders,
  RequestHeaders,
  type ScannedHeaders,
  scanHeaders,
} from './headers.js';
import { randomId } from './id.js';
import { type CompiledOptions, type ContextOptions, checkRemoteOptions, compileOptions } from './options.js';
import { redactedJson } from './redact.js';
import { splitOfferedProtocols } from './subprotocol.js';
import { invalidOption } from './validate.js';

/** Everything a server needs to know about one connection: frozen, log-safe through `toJSON()`. */
export interface ConnectionContext {
  /** A unique id (`crypto.randomUUID()` unless `generateId`). */
  readonly id: string;
  /** When the context was built, epoch milliseconds. */
  readonly receivedAt: number;
  /** The request target as received: path and query, e.g. `/chat?room=1`. */
  readonly url: string;
  /** The path part of `url`, still percent-encoded. */
  readonly path: string;
  /** The query, parsed by `@ws-compat/query-params` with `options.query`. */
  readonly query: QueryParams;
  readonly headers: ConnectionContextHeaders;
  readonly origin: string | null;
  readonly host: string | null;
  readonly userAgent: string | null;
  /** The offered subprotocols in the client's order, without the token subprotocol. */
  readonly subprotocols: readonly string[];
  /** The bearer token, from the first of `tokenSources` that has one, or `null`. Bearer tokens only. */
  readonly auth: ConnectionAuth | null;
  /**
   * An `Authorization` header with another scheme (`Basic`, `Digest`...), or `null`. Never a token:
   * it does not satisfy `requireAuth` and never conflicts with one. `toJSON()` hides the credentials.
   */
  readonly authorization: ConnectionAuthorization | null;
  /** The request's cookies (parsed on first read). */
  readonly cookies: Readonly<Record<string, string>>;
  readonly client: ClientInfo;
  /** TLS on the socket, or `https`/`wss` reported by a trusted proxy. */
  readonly secure: boolean;
  /** What `JSON.stringify` and loggers see: no token, no `Authorization` or `Cookie` value. */
  toJSON(): object;
}

/** What `buildConnectionContext` accepts: a Node request, a ws 2 socket, or a WHATWG `Request`. */
export type ContextSource = IncomingMessage | Request | { upgradeReq: IncomingMessage };

interface RequestParts {
  url: string;
  /** `[name as sent, value, ...]`: Node's own `rawHeaders` (read, never kept), or built from `Headers`. */
  list: readonly string[];
  /** The socket (its address is read only when needed), or the given address of a `Request`. */
  peer: PeerSocket | null;
  /** Whether `peer` is the request's own socket (held weakly by the context), not an object of ours. */
  socket: boolean;
  encrypted: boolean;
}

interface NodeRequestLike {
  url?: string | undefined;
  rawHeaders: readonly string[];
  socket?: {
    remoteAddress?: string | undefined;
    remotePort?: number | undefined;
    encrypted?: boolean;
  } | null;
}

interface FetchRequestLike {
  url: string;
  headers: Iterable<[string, string]> & { get(name: string): string | null };
}

const NO_PROTOCOLS: readonly string[] = Object.freeze([]);

// Clients of one application offer the same few subprotocol lists on every connection: the frozen
// lists made for the last PROTOCOL_WAYS Sec-WebSocket-Protocol values (without a token) are handed to
// the next context with the same value and prefix instead of splitting and freezing a new, equal one.
const PROTOCOL_WAYS = 8;
const recentProtocols: (string | null)[] = new Array<string | null>(PROTOCOL_WAYS).fill(null);
const recentPrefixes: string[] = new Array<string>(PROTOCOL_WAYS).fill('');
const recentOffered: (readonly string[])[] = new Array<readonly string[]>(PROTOCOL_WAYS).fill(NO_PROTOCOLS);
let nextProtocolWay = 0;

function offeredProtocols(value: string | null, prefix: string): readonly string[] {
  if (value === null) return NO_PROTOCOLS;
  for (let way = 0; way < PROTOCOL_WAYS; way++) {
    if (recentProtocols[way] === value && recentPrefixes[way] === prefix)
      return recentOffered[way] as readonly string[];
  }
  const split = splitOfferedProtocols(value, prefix);
  const offered = split.offered.length === 0 ? NO_PROTOCOLS : Object.freeze(split.offered);
  if (split.tokens.length === 0) {
    const way = nextProtocolWay;
    recentProtocols[way] = value;
    recentPrefixes[way] = prefix;
    recentOffered[way] = offered;
    nextProtocolWay = (way + 1) % PROTOCOL_WAYS;
  }
  return offered;
}

/**
 * Parses the query as \`buildConnectionContext\` does.
 *
 * @throws {ConnectionContextError} \`INVALID_QUERY\` (414 for \`TOO_LONG\`, 400 otherwise).
 */
function parseRequestQuery(url: string, options: CompiledOptions): QueryParams {
  const parsedQuery = tryParseQuery(url, options.query);
  if (!parsedQuery.ok) {
    const error = parsedQuery.error;
    throw new ConnectionContextError(
      'INVALID_QUERY',
      `Invalid query string (${error.code}): ${error.message}`,
      { status: error.code === 'TOO_LONG' ? 414 : 400, cause: error },
    );
  }
  // QueryParams is immutable by contract; freezing it makes the whole context deeply frozen.
  const query = parsedQuery.value;
  Object.freeze(query);
  return query;
}

// With the default query options, a query of at most this many characters cannot fail to parse
// (at most 500 parameters, fewer than maxParams' 1000; shorter than maxLength's 16384; 'whatwg'
// decoding never throws), so parsing it can wait until \`query\` is first read.
const LAZY_QUERY_MAX_LENGTH = 1000;
const EMPTY_COOKIES: Readonly<Record<string, string>> = Object.freeze(Object.create(null));
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function fromNode(request: NodeRequestLike): RequestParts {
  const socket = request.socket;
  return {
    url: typeof request.url === 'string' && request.url.length > 0 ? request.url : '/',
    list: request.rawHeaders,
    // Not socket.remoteAddress: on a net.Socket that getter is a getpeername system call, made only
    // when a forwarding header has to be walked or the context's client is read.
    peer: socket ?? null,
    socket: true,
    encrypted: socket?.encrypted === true,
  };
}

function fromFetch(request: FetchRequestLike, options: ContextOptions | undefined): RequestParts {
  const remoteAddress = options?.remoteAddress;
  const remotePort = options?.remotePort;
  checkRemoteOptions(remoteAddress, remotePort);
  const absolute = request.url;
  const schemeEnd = absolute.indexOf('://');
  let pathStart = schemeEnd === -1 ? -1 : absolute.indexOf('/', schemeEnd + 3);
  const hash = absolute.indexOf('#');
  if (hash !== -1 && (pathStart === -1 || pathStart > hash)) pathStart = -1;
  let url = pathStart === -1 ? '/' : absolute.slice(pathStart, hash === -1 ? absolute.length : hash);
  if (pathStart === -1) {
    const query = absolute.indexOf('?', schemeEnd + 3);
    if (query !== -1 && (hash === -1 || query < hash))
      url = '/' + absolute.slice(query, hash === -1 ? undefined : hash);
  }
  const scheme = schemeEnd === -1 ? '' : absolute.slice(0, schemeEnd).toLowerCase();
  return {
    url,
    list: listFromFetchHeaders(request.headers),
    peer: remoteAddress === undefined && remotePort === undefined ? null : { remoteAddress, remotePort },
    socket: false,
    encrypted: scheme === 'https' || scheme === 'wss',
  };
}

function readSource(source: unknown, options: ContextOptions | undefined): RequestParts {
  if (typeof source === 'object' && source !== null) {
    const candidate = source as Partial<NodeRequestLike & FetchRequestLike & { upgradeReq: unknown }>;
    if (Array.isArray(candidate.rawHeaders)) return fromNode(candidate as NodeRequestLike);
    if (typeof candidate.url === 'string' && typeof candidate.headers?.get === 'function') {
      return fromFetch(candidate as FetchRequestLike, options);
    }
    const upgradeReq = candidate.upgradeReq as Partial<NodeRequestLike> | undefined;
    if (typeof upgradeReq === 'object' && upgradeReq !== null && Array.isArray(upgradeReq.rawHeaders)) {
      return fromNode(upgradeReq as NodeRequestLike);
    }
  }
  throw new TypeError(
    'buildConnectionContext() needs an IncomingMessage (ws 3+ "connection" or verifyClient info.req), a ws 2 socket with upgradeReq, or a WHATWG Request; for a ws 3+ socket pass the request: buildConnectionContext(req)',
  );
}

function pathOf(url: string): string {
  let end = url.length;
  for (let index = 0; index < url.length; index++) {
    const code = url.charCodeAt(index);
    if (code === 63 /* ? */ || code === 35 /* # */) {
      end = index;
      break;
    }
  }
  return end === url.length ? url : url.slice(0, end);
}

function parseCookies(header: string | null): Readonly<Record<string, string>> {
  if (header === null) return EMPTY_COOKIES;
  // cookie 1.x returns an object whose prototype chain has no Object.prototype (a "__proto__"
  // cookie is an own property) and that stays in V8's fast mode: kept as it is. Its values are
  // never undefined (the default decoder returns a string for every pair), so there is nothing to
  // remove before freezing.
  return Object.freeze(parseCookie(header)) as Readonly<Record<string, string>>;
}

// What a context computes on first read, kept once computed. One object made on the first such read,
// so a context whose lazy fields are never read carries one empty slot instead of six.
class LazyFields {
  headers: RequestHeaders | undefined = undefined;
  subprotocols: readonly string[] | undefined = undefined;
  query: QueryParams | undefined = undefined;
  cookies: Readonly<Record<string, string>> | undefined = undefined;
  /** The Authorization value of another scheme than Bearer, until `authorization` is read. */
  authorization: ConnectionAuthorization | string | null = null;
  json: object | undefined = undefined;
}

/** The parts of a build that the context keeps, fields for its constructor. */
interface ContextInit {
  id: string | undefined;
  receivedAt: number;
  url: string;
  names: readonly string[];
  values: readonly string[];
  auth: ConnectionAuth | string | null;
  authPlace: number;
  client: ResolvedClient | WeakRef<PeerSocket>;
  secure: boolean;
  lazy: LazyFields | undefined;
  options: CompiledOptions;
}

class Context implements ConnectionContext {
  readonly receivedAt: number;
  readonly url: string;
  readonly secure: boolean;
  // Private fields stay writable on a frozen object: that is what lets lazy fields be computed once.
  #id: string | undefined;
  readonly #names: readonly string[];
  readonly #values: readonly string[];
  // The token: the frozen `auth`, null, or the text it is read from on first use (with #authPlace).
  #auth: ConnectionAuth | string | null;
  readonly #authPlace: number;
  // The client: decided; the number of X-Forwarded-For entries to read it from; or the socket, read on
  // first use and held weakly, so that a context kept after its connection closed does not keep the
  // socket (a collected socket, like a destroyed one, has no address: read `client` while it is open).
  #client: ResolvedClient | WeakRef<PeerSocket>;
  #lazy: LazyFields | undefined;
  readonly #options: CompiledOptions;

  constructor(init: ContextInit) {
    this.receivedAt = init.receivedAt;
    this.url = init.url;
    this.secure = init.secure;
    this.#id = init.id;
    this.#names = init.names;
    this.#values = init.values;
    this.#auth = init.auth;
    this.#authPlace = init.authPlace;
    this.#client = init.client;
    this.#lazy = init.lazy;
    this.#options = init.options;
    Object.freeze(this);
  }

  // The line of a header that appears at most once (or null): the scan refused a second one.
  #single(name: string): string | null {
    const names = this.#names;
    for (let line = 0; line < names.length; line++) {
      if (names[line] === name) return this.#values[line] as string;
    }
    return null;
  }

  /** The `Origin` header, or `null` (never a joined pair: two are refused). */
  get origin(): string | null {
    return this.#single('origin');
  }

  /** The `Host` header, or `null` (never a joined pair: two are refused). */
  get host(): string | null {
    return this.#single('host');
  }

  /** The `User-Agent` header (lines joined with `, `), or `null`. */
  get userAgent(): string | null {
    return this.headers.get('user-agent');
  }

  /** Whether `auth` is not `null`, without reading the token. */
  static carriesToken(context: Context): boolean {
    return context.#auth !== null;
  }

  #fields(): LazyFields {
    this.#lazy ??= new LazyFields();
    return this.#lazy;
  }

  /** A unique id (`crypto.randomUUID()`'s format unless `generateId`), made on first read with the default. */
  get id(): string {
    this.#id ??= randomId();
    return this.#id;
  }

  /** The path part of `url`, still percent-encoded. */
  get path(): string {
    return pathOf(this.url);
  }

  /** The request headers (a view made on first read, over the lines the context keeps). */
  get headers(): ConnectionContextHeaders {
    const fields = this.#fields();
    fields.headers ??= new RequestHeaders(this.#names, this.#values);
    return fields.headers;
  }

  /** The offered subprotocols in the client's order, without the token subprotocol (listed on first read). */
  get subprotocols(): readonly string[] {
    const fields = this.#fields();
    fields.subprotocols ??= offeredProtocols(
      this.headers.get('sec-websocket-protocol'),
      this.#options.prefix,
    );
    return fields.subprotocols;
  }

  /** The bearer token, from the first of `tokenSources` that has one, or `null`. Bearer tokens only. */
  get auth(): ConnectionAuth | null {
    const auth = this.#auth;
    if (typeof auth !== 'string') return auth;
    const place = this.#authPlace;
    const read = readToken(place, auth, auth, this.#options.prefix);
    this.#auth = read;
    return read;
  }

  /**
   * An `Authorization` header with another scheme (`Basic`, `Digest`...), or `null`. Never a token:
   * it does not satisfy `requireAuth` and never conflicts with one. `toJSON()` hides the credentials.
   */
  get authorization(): ConnectionAuthorization | null {
    const lazy = this.#lazy;
    if (lazy === undefined) return null;
    const authorization = lazy.authorization;
    if (typeof authorization !== 'string') return authorization;
    const parsed = otherAuthorization(authorization, -authorizationCredentials(authorization));
    lazy.authorization = parsed;
    return parsed;
  }

  /**
   * The query, parsed by `@ws-compat/query-params` with `options.query`. Parsed during the build when
   * it could fail (so the build throws `INVALID_QUERY`), otherwise on first read; kept after that.
   */
  get query(): QueryParams {
    const fields = this.#fields();
    fields.query ??= parseRequestQuery(this.url, this.#options);
    return fields.query;
  }

  /**
   * Who is on the other end. Without a forwarding header to walk (no `trustProxy`, or none of the
   * headers it reads), the socket peer's address is read here, on first read, not during the build:
   * read it while the connection is open (a destroyed socket has no address any more).
   */
  get client(): ClientInfo {
    const client = this.#client;
    if (typeof client === 'object' && client !== null && !(client instanceof WeakRef)) return client;
    const read =
      typeof client === 'number'
        ? forwardedClient(this.headers.get('x-forwarded-for') as string, client)
        : peerClient(client === null ? null : (client.deref() ?? null));
    this.#client = read;
    return read;
  }

  /** The request's cookies, parsed with the `cookie` package on first read (first value wins). */
  get cookies(): Readonly<Record<string, string>> {
    const fields = this.#fields();
    fields.cookies ??= parseCookies(this.headers.get('cookie'));
    return fields.cookies;
  }

  /** The log-safe form: see the README's "What toJSON hides". Computed once. */
  toJSON(): object {
    const fields = this.#fields();
    fields.json ??= redactedJson(this, this.#options);
    return fields.json;
  }

  /** `console.log(context)` and `util.inspect` show the log-safe form too. */
  [inspectSymbol](): object {
    return this.toJSON();
  }
}

/**
 * Whether the context carries a bearer token (`context.auth !== null`), without reading the token.
 *
 * @param context - a context made by {@link buildConnectionContext}.
 */
export function carriesToken(context: ConnectionContext): boolean {
  return context instanceof Context ? Context.carriesToken(context) : context.auth !== null;
}

/** The text a token found by `findToken` is read from: the Authorization or the Sec-WebSocket-Protocol value. */
function tokenText(place: number, authorization: string | null, protocols: string | null): string {
  return (isHeaderPlace(place) ? authorization : protocols) as string;
}

// Token sources other than the header and the subprotocol: the query and cookies are parsed during the
// build (compileOptions makes the query eager then), and the token is found as it always was.
function resolveEagerAuth(
  compiled: CompiledOptions,
  scanned: ScannedHeaders,
  headerToken: string | null,
  lazy: LazyFields,
): ConnectionAuth | null {
  const tokenProtocols =
    scanned.protocols === null ? [] : splitOfferedProtocols(scanned.protocols, compiled.prefix).tokens;
  let cookies: Readonly<Record<string, string>> | undefined;
  const auth = resolveAuth({
    sources: compiled.tokenSources,
    headerToken,
    tokenProtocols,
    prefix: compiled.prefix,
    // Never undefined when 'query' is a token source: compileOptions turns lazyQuery off then.
    query: lazy.query as QueryParams,
    tokenQueryParam: compiled.tokenQueryParam,
    cookies: () => {
      cookies ??= parseCookies(scanned.cookie);
      return cookies;
    },
    tokenCookie: compiled.tokenCookie,
  });
  if (cookies !== undefined) lazy.cookies = cookies;
  return auth;
}

/**
 * Builds the context of one WebSocket connection.
 *
 * @param source - a Node `IncomingMessage` (ws 3+ `connection`, `verifyClient`'s `info.req`, an
 *   `http.Server` `upgrade`), a ws 2 socket (`{ upgradeReq }`), or a WHATWG `Request` (give the client
 *   address as `options.remoteAddress`).
 * @param options - trust-proxy, token and query settings; compile once by reusing the same object.
 * @returns the frozen context.
 * @throws {ConnectionContextError} `DUPLICATE_HEADER` (400), `INVALID_QUERY` (414 for a query that is
 *   too long, 400 otherwise; the parser's error as `cause`), `INVALID_TOKEN` (401), `INVALID_FORWARDED`
 *   (400) for the request; `INVALID_TRUST_PROXY` and `INVALID_OPTION` (500) for the options.
 * @throws {TypeError} when `source` is none of the above.
 */
export function buildConnectionContext(source: ContextSource, options?: ContextOptions): ConnectionContext {
  const compiled = compileOptions(options);
  const parts = readSource(source, options);
  const receivedAt = Date.now();
  const scanned = scanHeaders(parts.list);
  const url = parts.url;

  let lazy: LazyFields | undefined;
  // A target no longer than the limit cannot carry a longer query: most requests skip the search.
  if (
    !compiled.lazyQuery ||
    (url.length > LAZY_QUERY_MAX_LENGTH && url.length - pathOf(url).length > LAZY_QUERY_MAX_LENGTH)
  ) {
    lazy = new LazyFields();
    lazy.query = parseRequestQuery(url, compiled);
  }

  // The Authorization header is read when 'header' is a token source: a bearer token there is a
  // token like any other; another scheme is `authorization`, never a token.
  const authorizationValue = compiled.headerSource ? scanned.authorization : null;
  let tokenStart = 0;
  if (authorizationValue !== null) {
    tokenStart = authorizationCredentials(authorizationValue);
    if (tokenStart < 0) {
      lazy ??= new LazyFields();
      lazy.authorization = authorizationValue;
    }
  }
  let auth: ConnectionAuth | string | null;
  let authPlace = NO_TOKEN;
  if (compiled.lazyAuth) {
    // Checked now, read on first use: the token is copied (or decoded) only when `auth` is read.
    const found = findToken(
      compiled.tokenSources,
      tokenStart > 0 ? authorizationValue : null,
      tokenStart,
      scanned.protocols,
      compiled.prefix,
    );
    if (typeof found === 'number') {
      authPlace = found;
      auth = found === NO_TOKEN ? null : tokenText(found, authorizationValue, scanned.protocols);
    } else {
      auth = found;
    }
  } else {
    lazy ??= new LazyFields();
    const headerToken = tokenStart > 0 ? (authorizationValue as string).slice(tokenStart) : null;
    auth = resolveEagerAuth(compiled, scanned, headerToken, lazy);
  }

  const { client, secure } = resolveClient(
    {
      peer: parts.peer,
      encrypted: parts.encrypted,
      xForwardedFor: scanned.xForwardedFor,
      xForwardedProto: scanned.xForwardedProto,
      forwarded: scanned.forwarded,
    },
    compiled.trust,
    compiled.forwardedHeader,
  );

  let id: string | undefined;
  if (compiled.generateId !== randomId) {
    id = compiled.generateId();
    if (typeof id !== 'string' || id.length === 0) {
      throw invalidOption('the result of generateId()', id, 'a non-empty string');
    }
    // A custom generateId may build its result by concatenation: reading a character flattens the
    // rope, so the context keeps one string instead of a tree of pieces. randomId's string is flat.
    id.charCodeAt(0);
  }
  return new Context({
    id,
    receivedAt,
    url,
    names: scanned.names,
    values: scanned.values,
    auth,
    authPlace,
    client:
      client !== null || parts.peer === null
        ? client
        : parts.socket
          ? new WeakRef(parts.peer)
          : peerClient(parts.peer),
    secure,
    lazy,
    options: compiled,
  });
}
