import { bearerSubprotocol } from './bearer.js';
import { warnOnce } from './deprecation.js';
import { HeaderOptionsError } from './errors.js';
import type { HeaderInit } from './headers.js';
import type { ImplementationKind } from './implementations/detect.js';
import { describeCharacter, describeValue, findInvalidTokenCharacter } from './validate.js';

/** Where a bearer token goes when the implementation cannot send headers. */
export type BearerFallback = 'subprotocol' | 'query' | 'error';

/** Options for {@link createWebSocket}, {@link connect} and {@link toConstructorArgs}. */
export interface ClientOptions {
  /** Handshake headers: a record (string, number or string[] values), `Headers`, `Map` or `[name, value]` pairs. */
  headers?: HeaderInit | undefined;
  /** @deprecated Use `headers` (the socket.io / engine.io name). Same meaning; warns once. */
  extraHeaders?: HeaderInit | undefined;
  /** @deprecated Use `headers`. Same meaning; warns once. */
  additionalHeaders?: HeaderInit | undefined;
  /** @deprecated Use `headers` (the old Python `websockets` name). Same meaning; warns once. */
  extra_headers?: HeaderInit | undefined;
  /** @deprecated Use `headers` (the Python `websockets` name). Same meaning; warns once. */
  additional_headers?: HeaderInit | undefined;
  /** Subprotocols to offer, in order of preference. */
  protocols?: string | readonly string[] | undefined;
  /** Sent as the `Origin` header (ws: its `origin` option; undici: a header). */
  origin?: string | undefined;
  /**
   * A bearer token: `Authorization: Bearer <token>` (an RFC 6750 b64token there), or the
   * `fallback` where headers cannot be sent (any token).
   */
  bearer?: string | undefined;
  /** Where `bearer` goes on implementations without headers; default `'subprotocol'`. */
  fallback?: BearerFallback | undefined;
  /** The query parameter for `fallback: 'query'`; default `'access_token'`. */
  tokenQueryParam?: string | undefined;
  /**
   * The bearer-subprotocol prefix for `fallback: 'subprotocol'`, matching the server's option of the
   * same name (`@ws-compat/connection-context`); default `'base64url.bearer.authorization.k8s.io.'`.
   */
  subprotocolPrefix?: string | undefined;
  /** Overrides detection: how to call the constructor. */
  implementation?: Exclude<ImplementationKind, 'unknown'> | undefined;
  /** Passed to the implementation untouched, after the shim's own options (ws options, undici `dispatcher`). */
  native?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The options as read once, type-checked. Every property of the caller's object is read exactly
 * once, so a getter, a Proxy or a later mutation cannot make what was validated differ from what
 * is sent; `native` is a shallow copy for the same reason.
 */
export interface ClientOptionsSnapshot {
  /** The one header option given (`headers` or a legacy name), or `[]`. */
  readonly headers: HeaderInit;
  readonly protocols: string | readonly string[] | undefined;
  readonly origin: string | undefined;
  readonly bearer: string | undefined;
  readonly fallback: BearerFallback;
  readonly tokenQueryParam: string;
  readonly subprotocolPrefix: string;
  readonly implementation: Exclude<ImplementationKind, 'unknown'> | undefined;
  readonly native: Readonly<Record<string, unknown>> | undefined;
}

/** The Kubernetes convention, shared with `bearerSubprotocol.prefix`. */
export const DEFAULT_SUBPROTOCOL_PREFIX: string = bearerSubprotocol.prefix;

const HEADER_OPTIONS = [
  'headers',
  'extraHeaders',
  'additionalHeaders',
  'extra_headers',
  'additional_headers',
] as const;

/**
 * Reads and type-checks client options once.
 *
 * @param options - the caller's options, or `undefined`.
 * @throws {HeaderOptionsError} `INVALID_OPTION` for an option of the wrong type or range (the
 *   message names the option, the value and what is accepted); `CONFLICTING_OPTIONS` for two
 *   header options.
 */
export function readClientOptions(options: unknown): ClientOptionsSnapshot {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new HeaderOptionsError(
      'INVALID_OPTION',
      `The options must be an object such as { headers, protocols, bearer }, got ${describeValue(options)}`,
    );
  }
  const source = options as Record<string, unknown>;
  return {
    implementation: checkImplementation(source['implementation']),
    headers: pickHeaders(source),
    protocols: checkProtocols(source['protocols']),
    origin: checkOriginType(source['origin']),
    bearer: checkBearerType(source['bearer']),
    fallback: checkFallback(source['fallback']),
    tokenQueryParam: checkQueryParam(source['tokenQueryParam']),
    subprotocolPrefix: checkSubprotocolPrefix(source['subprotocolPrefix']),
    native: checkNative(source['native']),
  };
}

function invalid(message: string): HeaderOptionsError {
  return new HeaderOptionsError('INVALID_OPTION', message);
}

function checkImplementation(value: unknown): Exclude<ImplementationKind, 'unknown'> | undefined {
  if (
    value === undefined ||
    value === 'ws' ||
    value === 'undici' ||
    value === 'node' ||
    value === 'browser'
  ) {
    return value;
  }
  throw invalid(`"implementation" must be 'ws', 'undici', 'node' or 'browser', got ${describeValue(value)}`);
}

function pickHeaders(source: Record<string, unknown>): HeaderInit {
  let chosen: HeaderInit | undefined;
  let chosenName = 'headers';
  for (const name of HEADER_OPTIONS) {
    const value = source[name];
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object') {
      throw invalid(
        `"${name}" must be a record, Headers, Map or [name, value] pairs, got ${describeValue(value)}`,
      );
    }
    if (chosen !== undefined) {
      throw new HeaderOptionsError(
        'CONFLICTING_OPTIONS',
        `"${chosenName}" and "${name}" both give headers; pass them once, as "headers"`,
      );
    }
    if (name !== 'headers') {
      warnOnce(
        `headers:${name}`,
        `The "${name}" option is deprecated; use "headers" (same meaning).`,
        'DeprecationWarning',
        'WS_COMPAT_DEP_HEADERS',
      );
    }
    chosen = value as HeaderInit;
    chosenName = name;
  }
  return chosen ?? [];
}

function checkProtocols(value: unknown): string | readonly string[] | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) {
    return value as string | readonly string[] | undefined;
  }
  throw invalid(`"protocols" must be a string or an array of strings, got ${describeValue(value)}`);
}

function checkOriginType(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(`"origin" must be a string such as 'https://app.example', got ${describeValue(value)}`);
}

function checkBearerType(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  // The value is not echoed: it may be a secret of the wrong type (a Buffer, a token object).
  const kind =
    value === null ? 'null' : Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
  throw invalid(`"bearer" must be a string (the token), got ${kind}`);
}

function checkFallback(value: unknown): BearerFallback {
  if (value === undefined) return 'subprotocol';
  if (value === 'subprotocol' || value === 'query' || value === 'error') return value;
  throw invalid(`"fallback" must be 'subprotocol', 'query' or 'error', got ${describeValue(value)}`);
}

function checkQueryParam(value: unknown): string {
  if (value === undefined) return 'access_token';
  if (typeof value === 'string' && value.length > 0) return value;
  throw invalid(
    `"tokenQueryParam" must be a non-empty string (the query parameter for fallback: 'query'), got ${describeValue(value)}`,
  );
}

function checkSubprotocolPrefix(value: unknown): string {
  if (value === undefined) return DEFAULT_SUBPROTOCOL_PREFIX;
  if (typeof value !== 'string') {
    throw invalid(
      `"subprotocolPrefix" must be a string, such as the default ${JSON.stringify(DEFAULT_SUBPROTOCOL_PREFIX)}, got ${describeValue(value)}`,
    );
  }
  const index = findInvalidTokenCharacter(value);
  if (index !== -1) {
    throw invalid(
      value.length === 0
        ? `"subprotocolPrefix" is empty; the bearer subprotocol needs a prefix the server recognises, such as the default ${JSON.stringify(DEFAULT_SUBPROTOCOL_PREFIX)}`
        : `"subprotocolPrefix" ${JSON.stringify(value)} has the invalid character ${describeCharacter(value, index)} at index ${index}; the prefix starts a subprotocol, an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={}), such as the default ${JSON.stringify(DEFAULT_SUBPROTOCOL_PREFIX)}`,
    );
  }
  return value;
}

function checkNative(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`"native" must be an object of implementation options, got ${describeValue(value)}`);
  }
  // One read of every option: what is checked below is what the implementation receives.
  return { ...(value as Record<string, unknown>) };
}
