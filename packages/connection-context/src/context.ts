import type { IncomingMessage } from 'node:http';
import { type QueryParams, tryParseQuery } from '@ws-compat/query-params';
import { parseCookie } from 'cookie';
import {
  type ConnectionAuth,
  type ConnectionAuthorization,
  parseAuthorization,
  resolveAuth,
} from './auth.js';
import { type ClientInfo, type PeerSocket, peerClient, resolveClient } from './client.js';
import { ConnectionContextError } from './errors.js';
import {
  type ConnectionContextHeaders,
  listFromFetchHeaders,
  RequestHeaders,
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
const NO_TOKENS: readonly string[] = Object.freeze([]);

// Clients of one application offer the same subprotocols on every connection: the frozen list made
// for the last Sec-WebSocket-Protocol value (when it carried no token) is handed to the next context
// with the same value and prefix instead of splitting and freezing a new, equal one.
let lastProtocols: string | null = null;
let lastPrefix = '';
let lastOffered: readonly string[] = NO_PROTOCOLS;

function offeredProtocols(
  value: string | null,
  prefix: string,
): { offered: readonly string[]; tokens: readonly string[] } {
  if (value === null) return { offered: NO_PROTOCOLS, tokens: NO_TOKENS };
  if (value === lastProtocols && prefix === lastPrefix) return { offered: lastOffered, tokens: NO_TOKENS };
  const split = splitOfferedProtocols(value, prefix);
  const offered = split.offered.length === 0 ? NO_PROTOCOLS : Object.freeze(split.offered.slice());
  if (split.tokens.length === 0) {
    lastProtocols = value;
    lastPrefix = prefix;
    lastOffered = offered;
  }
  return { offered, tokens: split.tokens };
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

interface ContextInit {
  id: string;
  receivedAt: number;
  url: string;
  path: string;
  query: QueryParams | undefined;
  headers: RequestHeaders;
  origin: string | null;
  host: string | null;
  userAgent: string | null;
  subprotocols: readonly string[];
  auth: ConnectionAuth | null;
  authorization: ConnectionAuthorization | null;
  /** `null`: the socket peer is the client, read from `peer` on first read. */
  client: ClientInfo | null;
  peer: PeerSocket | null;
  secure: boolean;
  cookies: Readonly<Record<string, string>> | undefined;
  options: CompiledOptions;
}

class Context implements ConnectionContext {
  readonly id: string;
  readonly receivedAt: number;
  readonly url: string;
  readonly path: string;
  readonly headers: ConnectionContextHeaders;
  readonly origin: string | null;
  readonly host: string | null;
  readonly userAgent: string | null;
  readonly subprotocols: readonly string[];
  readonly auth: ConnectionAuth | null;
  readonly authorization: ConnectionAuthorization | null;
  readonly secure: boolean;
  // Private fields stay writable on a frozen object: that is what lets lazy fields be computed once.
  #query: QueryParams | undefined;
  #cookies: Readonly<Record<string, string>> | undefined;
  #json: object | undefined;
  #client: ClientInfo | null;
  // The socket, until the client is read from it (then dropped, so a held context keeps no socket).
  #peer: PeerSocket | null;
  readonly #options: CompiledOptions;

  constructor(init: ContextInit) {
    this.id = init.id;
    this.receivedAt = init.receivedAt;
    this.url = init.url;
    this.path = init.path;
    this.headers = init.headers;
    this.origin = init.origin;
    this.host = init.host;
    this.userAgent = init.userAgent;
    this.subprotocols = init.subprotocols;
    this.auth = init.auth;
    this.authorization = init.authorization;
    this.secure = init.secure;
    this.#client = init.client;
    this.#peer = init.peer;
    this.#query = init.query;
    this.#cookies = init.cookies;
    this.#json = undefined;
    this.#options = init.options;
    Object.freeze(this);
  }

  /**
   * The query, parsed by `@ws-compat/query-params` with `options.query`. Parsed during the build when
   * it could fail (so the build throws `INVALID_QUERY`), otherwise on first read; kept after that.
   */
  get query(): QueryParams {
    let query = this.#query;
    if (query === undefined) {
      query = parseRequestQuery(this.url, this.#options);
      this.#query = query;
    }
    return query;
  }

  /**
   * Who is on the other end. Without a forwarding header to walk (no `trustProxy`, or none of the
   * headers it reads), the socket peer's address is read here, on first read, not during the build:
   * read it while the connection is open (a destroyed socket has no address any more).
   */
  get client(): ClientInfo {
    let client = this.#client;
    if (client === null) {
      client = peerClient(this.#peer);
      this.#client = client;
      this.#peer = null;
    }
    return client;
  }

  /** The request's cookies, parsed with the `cookie` package on first read (first value wins). */
  get cookies(): Readonly<Record<string, string>> {
    let cookies = this.#cookies;
    if (cookies === undefined) {
      cookies = parseCookies(this.headers.get('cookie'));
      this.#cookies = cookies;
    }
    return cookies;
  }

  /** The log-safe form: see the README's "What toJSON hides". Computed once. */
  toJSON(): object {
    if (this.#json === undefined) this.#json = redactedJson(this, this.#options);
    return this.#json;
  }

  /** `console.log(context)` and `util.inspect` show the log-safe form too. */
  [inspectSymbol](): object {
    return this.toJSON();
  }
}

// Used instead of a per-build closure when cookies are not a token source (they are then never read
// during the build).
function noCookies(): Readonly<Record<string, string>> {
  return EMPTY_COOKIES;
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
  const path = pathOf(url);

  let query: QueryParams | undefined;
  if (!compiled.lazyQuery || url.length - path.length > LAZY_QUERY_MAX_LENGTH) {
    query = parseRequestQuery(url, compiled);
  }

  const protocols = offeredProtocols(scanned.protocols, compiled.prefix);
  let cookies: Readonly<Record<string, string>> | undefined;
  // The Authorization header is read when 'header' is a token source: a bearer token there is a
  // token like any other; another scheme is `authorization`, never a token.
  let headerToken: string | null = null;
  let authorization: ConnectionAuthorization | null = null;
  if (compiled.headerSource && scanned.authorization !== null) {
    const parsed = parseAuthorization(scanned.authorization);
    if (parsed.kind === 'bearer') headerToken = parsed.token;
    else authorization = parsed.authorization;
  }
  const auth = resolveAuth({
    sources: compiled.tokenSources,
    headerToken,
    tokenProtocols: protocols.tokens,
    prefix: compiled.prefix,
    // Never undefined when 'query' is a token source: compileOptions turns lazyQuery off then.
    query: query as QueryParams,
    tokenQueryParam: compiled.tokenQueryParam,
    cookies: compiled.cookieSource
      ? () => {
          cookies ??= parseCookies(scanned.cookie);
          return cookies;
        }
      : noCookies,
    tokenCookie: compiled.tokenCookie,
  });

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

  const id = compiled.generateId();
  if (compiled.generateId !== randomId) {
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
    path,
    query,
    headers: new RequestHeaders(scanned.names, scanned.values),
    origin: scanned.origin,
    host: scanned.host,
    userAgent: scanned.userAgent,
    subprotocols: protocols.offered,
    auth,
    authorization,
    client,
    peer: client === null ? parts.peer : null,
    secure,
    cookies,
    options: compiled,
  });
}
