import { bearerSubprotocol, findLoneSurrogate } from './bearer.js';
import { warnOnce } from './deprecation.js';
import { HeaderOptionsError } from './errors.js';
import { collectHeaders } from './headers.js';
import { detectImplementation, type ImplementationInfo, resolveCallShape } from './implementations/detect.js';
import { type ClientOptions, readClientOptions } from './options.js';
import { badPortService } from './port-blocking.js';
import { normalizeSubprotocols } from './subprotocols.js';
import { bearerTokenEnd, isBearerToken } from './token.js';
import { describeCharacter, findInvalidValueCharacter } from './validate.js';

/** Everything needed to build the constructor call, validated; built from a snapshot of the options. */
export interface HandshakePlan {
  readonly implementation: ImplementationInfo;
  readonly url: string;
  readonly protocols: readonly string[];
  /** Headers to send, `Authorization` included; `Origin` is kept apart in `origin`. */
  readonly headers: readonly (readonly [string, string])[];
  readonly origin: string | null;
  /** A shallow copy of the `native` option. */
  readonly native: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Validates options against an implementation and decides what to send. Nothing is opened. Each
 * option is read once (see {@link readClientOptions}); the plan does not keep the caller's objects.
 *
 * @throws {HeaderOptionsError} for every input that could not be sent as given.
 */
export function planHandshake(
  WebSocketImpl: unknown,
  url: string | URL,
  options?: ClientOptions,
): HandshakePlan {
  const snapshot = readClientOptions(options);
  // The call shape only: whether a dispatcher exists (handshakeGuard) is connect()'s business, and
  // looking it up on globalThis was the largest single cost of planning.
  const implementation = resolveCallShape(WebSocketImpl, snapshot.implementation);
  const keys: string[] = [];
  const headers: [string, string][] = collectHeaders(snapshot.headers, keys);
  let protocols = normalizeSubprotocols(snapshot.protocols);
  const parsed = checkUrl(url);
  checkPort(WebSocketImpl, implementation, parsed.port, parsed.href);
  let target = parsed.href;

  const origin = snapshot.origin === undefined ? null : checkOrigin(snapshot.origin);
  const explicitOrigin = headers[keys.indexOf('origin')];
  if (origin !== null && explicitOrigin !== undefined) {
    throw new HeaderOptionsError(
      'CONFLICTING_OPTIONS',
      `"origin" and the header ${JSON.stringify(explicitOrigin[0])} both set the Origin; keep one of them`,
    );
  }

  const { fallback, tokenQueryParam } = snapshot;
  if (snapshot.bearer !== undefined) {
    const token = checkBearerNotEmpty(snapshot.bearer);
    if (implementation.headers) {
      checkHeaderToken(token);
      const explicit = headers[keys.indexOf('authorization')];
      if (explicit !== undefined) {
        throw new HeaderOptionsError(
          'CONFLICTING_OPTIONS',
          `"bearer" and the header ${JSON.stringify(explicit[0])} both set Authorization; keep one of them`,
        );
      }
      headers.push(['Authorization', `Bearer ${token}`]);
    } else {
      checkFallbackToken(token);
      if (fallback === 'subprotocol') {
        if (protocols.length === 0) {
          throw new HeaderOptionsError(
            'HEADERS_UNSUPPORTED',
            `${describeHeaderless(implementation)} cannot send an Authorization header, and the subprotocol fallback needs an app protocol too: the client fails the connection unless the server echoes a subprotocol it offered, and the server must never echo the token. Pass protocols: ['your-protocol'], or fallback: 'query'`,
          );
        }
        protocols = [...protocols, bearerSubprotocol.encode(token, snapshot.subprotocolPrefix)];
      } else if (fallback === 'query') {
        target = appendQueryToken(target, tokenQueryParam, token);
      } else {
        throw new HeaderOptionsError(
          'HEADERS_UNSUPPORTED',
          `${describeHeaderless(implementation)} cannot send an Authorization header and fallback is 'error'; use fallback: 'subprotocol' (with an app protocol) or 'query', or an implementation that sends headers (ws, undici)`,
        );
      }
    }
  }

  if (!implementation.headers && (headers.length > 0 || origin !== null)) {
    const names = headers.map(([name]) => name);
    if (origin !== null) names.push('Origin (the "origin" option)');
    throw new HeaderOptionsError(
      'HEADERS_UNSUPPORTED',
      `${describeHeaderless(implementation)} cannot send headers: ${names.join(', ')}. ${
        implementation.kind === 'unknown'
          ? "If it takes ws-style or undici-style options, say so with implementation: 'ws' or 'undici'"
          : 'Send them in the first message, or use bearer with a fallback for a token'
      }`,
    );
  }

  if (protocols.length > implementation.maxProtocols) {
    throw new HeaderOptionsError(
      'TOO_MANY_SUBPROTOCOLS',
      `${protocols.length} subprotocols (${protocols.join(', ')}) are offered, but undici 5 fails every handshake that offers more than ${implementation.maxProtocols} ("Protocol was not set in the opening handshake."); offer one, or use undici 6 or later`,
    );
  }

  const native = checkNativeAgainst(snapshot.native, implementation, origin);
  // Internal and never handed out (argumentsFor builds fresh arrays), so readonly types suffice.
  return { implementation, url: target, protocols, headers, origin, native };
}

const SCHEMES = new Set(['ws:', 'wss:', 'http:', 'https:']);

/** What the plan keeps of a checked URL: immutable text only, never the caller's or a shared URL object. */
interface CheckedUrl {
  readonly href: string;
  readonly port: string;
}

// A client opens most connections to one URL: the last URL text that passed the checks, and what
// they gave. Keyed on the text itself (a string cannot change), so a caller's later edits to a URL
// object or an options object can never reach a cached answer; a URL object is read (href) on
// every call. Failures are never cached.
let lastUrlText: string | null = null;
let lastUrl: CheckedUrl = { href: '', port: '' };

/** The URL as every implementation will send it: parsed, non-ASCII percent-encoded, no fragment. */
function checkUrl(url: unknown): CheckedUrl {
  const text = typeof url === 'string' ? url : url instanceof URL ? url.href : null;
  if (text === null) {
    throw new HeaderOptionsError(
      'INVALID_URL',
      `The URL must be a string or a URL, got ${url === null ? 'null' : typeof url}`,
    );
  }
  if (text === lastUrlText) return lastUrl;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch (error) {
    throw new HeaderOptionsError(
      'INVALID_URL',
      `${JSON.stringify(text)} is not an absolute URL; pass one such as 'wss://example.com/socket'`,
      { cause: error },
    );
  }
  if (!SCHEMES.has(parsed.protocol)) {
    throw new HeaderOptionsError(
      'INVALID_URL',
      `The URL ${JSON.stringify(text)} has the scheme "${parsed.protocol}"; use ws: or wss: (http: and https: also work)`,
    );
  }
  if (text.includes('#')) {
    throw new HeaderOptionsError(
      'INVALID_URL',
      `The URL ${JSON.stringify(text)} has a fragment, which ws 8 and undici refuse and ws 2 to 7 silently drop; remove it`,
    );
  }
  const checked: CheckedUrl = Object.freeze({ href: parsed.href, port: parsed.port });
  lastUrlText = text;
  lastUrl = checked;
  return checked;
}

/**
 * Fetch's port blocking, on the implementations that enforce it (undici, Node's global, browsers):
 * they fail a bad port without connecting and without a reason. ws does not block ports, and an
 * unrecognised implementation is not assumed to.
 */
function checkPort(
  WebSocketImpl: unknown,
  implementation: ImplementationInfo,
  port: string,
  href: string,
): void {
  const { kind } = implementation;
  if (kind !== 'undici' && kind !== 'node' && kind !== 'browser') return;
  // implementation: 'browser' on a ws class calls ws browser-style; ws still connects anywhere.
  if (detectImplementation(WebSocketImpl).kind === 'ws') return;
  const service = badPortService(port);
  if (service === undefined) return;
  const where = `Port ${port}${service === '' ? '' : ` (${service})`} of ${JSON.stringify(href)} is a bad port in the Fetch standard's port blocking (https://fetch.spec.whatwg.org/#port-blocking)`;
  throw new HeaderOptionsError(
    'BLOCKED_PORT',
    port === '0'
      ? `${where}, and no server can listen on port 0; connect to the port the server listens on`
      : `${where}: ${describeFetchClient(implementation)} refuses it without connecting and reports no reason. Serve the WebSocket on another port (such as 8080), or connect with ws, which does not block ports`,
  );
}

function describeFetchClient(implementation: ImplementationInfo): string {
  if (implementation.kind === 'browser') return 'a browser';
  if (implementation.kind === 'node') {
    return implementation.version === null
      ? "Node's global WebSocket"
      : `Node's global WebSocket (undici ${implementation.version})`;
  }
  return 'undici';
}

function checkOrigin(origin: string): string {
  if (origin.length === 0) {
    throw new HeaderOptionsError(
      'INVALID_HEADER_VALUE',
      `"origin" must be a non-empty string such as 'https://app.example', got ""`,
    );
  }
  const bad = findInvalidValueCharacter(origin);
  if (bad !== -1) {
    throw new HeaderOptionsError(
      'INVALID_HEADER_VALUE',
      `"origin" has the invalid character ${describeCharacter(origin, bad)} at index ${bad}; an origin is scheme://host[:port] in ASCII (punycode for international names)`,
    );
  }
  return origin;
}

function checkBearerNotEmpty(token: string): string {
  if (token.length === 0) {
    throw new HeaderOptionsError(
      'INVALID_TOKEN',
      '"bearer" is empty; pass the token itself (without the "Bearer " scheme), or leave "bearer" out',
    );
  }
  return token;
}

/** RFC 6750 §2.1: in `Authorization: Bearer <token>` the token is a b64token; connection-context refuses anything else. */
function checkHeaderToken(token: string): string {
  if (isBearerToken(token)) return token;
  const index = bearerTokenEnd(token, 0);
  const scheme = token.length > 7 && token.slice(0, 7).toLowerCase() === 'bearer ';
  throw new HeaderOptionsError(
    'INVALID_TOKEN',
    `"bearer" has the character ${describeCharacter(token, index)} at index ${index}, which an RFC 6750 bearer token (b64token: letters, digits, -._~+/ and trailing =) cannot have, so it cannot go in the Authorization header${
      scheme ? '; pass the token without the "Bearer " scheme' : ''
    }. Encode the token (e.g. base64url), or send it in the bearer subprotocol, which carries any token: the subprotocol fallback does that where headers cannot be sent (browsers, implementation: 'browser'), and protocols: ['your-protocol', bearerSubprotocol.encode(token)] does it on any implementation`,
  );
}

/** The subprotocol and query fallbacks carry any string that has a UTF-8 form. */
function checkFallbackToken(token: string): string {
  const surrogate = findLoneSurrogate(token);
  if (surrogate === -1) return token;
  throw new HeaderOptionsError(
    'INVALID_TOKEN',
    `"bearer" has the lone surrogate ${describeCharacter(token, surrogate)} at index ${surrogate}, which has no UTF-8 form, so neither the subprotocol nor the query fallback can carry it; pass a well-formed string`,
  );
}

function appendQueryToken(url: string, name: string, token: string): string {
  const parsed = new URL(url);
  if (new URLSearchParams(parsed.search).has(name)) {
    throw new HeaderOptionsError(
      'CONFLICTING_OPTIONS',
      `The URL already has a "${name}" query parameter and "bearer" would add another; remove it or set "tokenQueryParam"`,
    );
  }
  warnOnce(
    'fallback:query',
    `fallback 'query' puts the bearer token in the URL ("${name}"), where servers, proxies and browser history log it; prefer the subprotocol fallback.`,
    'Warning',
    'WS_COMPAT_TOKEN_IN_QUERY',
    // The query fallback is for browsers: there the warning goes to the console.
    'console',
  );
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(token)}`;
  parsed.search = parsed.search.length > 1 ? `${parsed.search}&${pair}` : `?${pair}`;
  return parsed.href;
}

function checkNativeAgainst(
  native: Readonly<Record<string, unknown>> | undefined,
  implementation: ImplementationInfo,
  origin: string | null,
): Readonly<Record<string, unknown>> | undefined {
  if (native === undefined) return undefined;
  if (!implementation.headers && Object.keys(native).length > 0) {
    throw new HeaderOptionsError(
      'CONFLICTING_OPTIONS',
      implementation.kind === 'unknown'
        ? `"native" cannot be passed to an unrecognised WebSocket implementation, which is called as (url, protocols); if it takes ws-style or undici-style options, say so with implementation: 'ws' or 'undici'`
        : '"native" cannot be passed to a browser-like WebSocket, which takes only (url, protocols); remove "native"',
    );
  }
  for (const key of ['headers', 'protocols'] as const) {
    if (key in native) {
      throw new HeaderOptionsError(
        'CONFLICTING_OPTIONS',
        `"native.${key}" would bypass validation; pass "${key}" as a top-level option`,
      );
    }
  }
  if (origin !== null && 'origin' in native) {
    throw new HeaderOptionsError(
      'CONFLICTING_OPTIONS',
      '"origin" and "native.origin" both set the Origin; keep "origin"',
    );
  }
  return native;
}

function describeHeaderless(implementation: ImplementationInfo): string {
  return implementation.kind === 'unknown'
    ? 'An unrecognised WebSocket implementation'
    : 'A browser-like WebSocket (a constructor taking only url and protocols)';
}
