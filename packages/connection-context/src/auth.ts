import { bearerSubprotocol, bearerTokenEnd } from '@ws-compat/header-options';
import type { QueryParams } from '@ws-compat/query-params';
import { ConnectionContextError } from './errors.js';
import { throwDuplicate } from './headers.js';
import { isTokenChar } from './tchar.js';

/** Where a token may come from, in the order `tokenSources` lists them. */
export type TokenSource = 'header' | 'subprotocol' | 'query' | 'cookie';

/** The bearer token the request carries: `auth` holds bearer tokens only. */
export interface ConnectionAuth {
  /** Always `Bearer` (whatever case the Authorization header used). */
  readonly scheme: 'Bearer';
  readonly token: string;
  readonly source: TokenSource;
}

/**
 * An `Authorization` header with another scheme than `Bearer` (`Basic`, `Digest`, `Negotiate`...):
 * never a token, never in conflict with one, never enough for `requireAuth`.
 */
export interface ConnectionAuthorization {
  /** The scheme as sent, e.g. `Basic`. */
  readonly scheme: string;
  /** Everything after the scheme and its spaces, as sent (for `Basic`, still base64). */
  readonly credentials: string;
}

/** An `Authorization` header value, read: a bearer token or another scheme's credentials. */
export type ParsedAuthorization =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'other'; readonly authorization: ConnectionAuthorization };

function invalidToken(message: string): ConnectionContextError {
  return new ConnectionContextError('INVALID_TOKEN', message);
}

const MALFORMED_AUTHORIZATION =
  'Malformed Authorization header: expected "<scheme> <credentials>", e.g. "Bearer <token>" with an RFC 6750 token (letters, digits, -._~+/ and trailing =)';

/**
 * Parses an `Authorization` header value in one pass. A `Bearer` token (scheme in any case) must be
 * an RFC 6750 `b64token`, checked with `bearerTokenEnd` from `@ws-compat/header-options`: the same
 * rule the client applies before sending one. Any other scheme is kept as sent.
 *
 * @param value - the header value.
 * @returns the bearer token, or the other scheme and its credentials (frozen).
 * @throws {ConnectionContextError} `INVALID_TOKEN` for a value without credentials or a bearer token
 *   with characters RFC 6750 does not allow; `DUPLICATE_HEADER` for two bearer credentials joined with a comma.
 */
export function parseAuthorization(value: string): ParsedAuthorization {
  let index = 0;
  while (index < value.length && isTokenChar(value.charCodeAt(index))) index++;
  const schemeEnd = index;
  if (schemeEnd === 0 || value.charCodeAt(index) !== 32) throw invalidToken(MALFORMED_AUTHORIZATION);
  while (value.charCodeAt(index) === 32) index++;
  if (index >= value.length) throw invalidToken(MALFORMED_AUTHORIZATION);
  if (schemeEnd === 6 && isBearerScheme(value)) {
    const end = bearerTokenEnd(value, index);
    if (end !== value.length) {
      // "Bearer a, Bearer b": two header lines joined (WHATWG Headers does that), never a token.
      if (end > index && value.charCodeAt(end) === 44 /* , */) throwDuplicate('authorization');
      throw invalidToken(MALFORMED_AUTHORIZATION);
    }
    return { kind: 'bearer', token: value.slice(index) };
  }
  return {
    kind: 'other',
    authorization: Object.freeze({ scheme: value.slice(0, schemeEnd), credentials: value.slice(index) }),
  };
}

/** Whether `value` starts with `bearer` in any case (the caller checked the scheme is 6 long). */
function isBearerScheme(value: string): boolean {
  return (
    (value.charCodeAt(0) | 32) === 98 /* b */ &&
    (value.charCodeAt(1) | 32) === 101 /* e */ &&
    (value.charCodeAt(2) | 32) === 97 /* a */ &&
    (value.charCodeAt(3) | 32) === 114 /* r */ &&
    (value.charCodeAt(4) | 32) === 101 /* e */ &&
    (value.charCodeAt(5) | 32) === 114 /* r */
  );
}

/** What {@link resolveAuth} reads. */
export interface AuthInput {
  readonly sources: readonly TokenSource[];
  /** The bearer token of the Authorization header (already checked), or `null`. */
  readonly headerToken: string | null;
  /** The offered subprotocols that carry a token (`bearerSubprotocol.is`). */
  readonly tokenProtocols: readonly string[];
  readonly prefix: string;
  readonly query: QueryParams;
  readonly tokenQueryParam: string;
  readonly cookies: () => Readonly<Record<string, string>>;
  readonly tokenCookie: string;
}

function fromSource(input: AuthInput, source: TokenSource): string | null {
  switch (source) {
    case 'header':
      return input.headerToken;
    case 'subprotocol': {
      let token: string | null = null;
      for (const protocol of input.tokenProtocols) {
        const decoded = bearerSubprotocol.decode(protocol, input.prefix);
        if (decoded === null) {
          throw invalidToken(
            `Malformed bearer subprotocol: it starts with "${input.prefix}" but the rest is not a non-empty, unpadded base64url UTF-8 token; encode it with bearerSubprotocol.encode(token)`,
          );
        }
        if (token !== null && token !== decoded) throw conflict('subprotocol', 'subprotocol');
        token = decoded;
      }
      return token;
    }
    case 'query': {
      const values = input.query.getAll(input.tokenQueryParam);
      if (values.length === 0) return null;
      const token = values[0] as string;
      for (const value of values) {
        if (value !== token) throw conflict('query', 'query');
      }
      if (token.length === 0) {
        throw invalidToken(
          `Empty token in the query parameter "${input.tokenQueryParam}"; send the token or leave the parameter out`,
        );
      }
      return token;
    }
    case 'cookie': {
      const cookies = input.cookies();
      if (!Object.hasOwn(cookies, input.tokenCookie)) return null;
      const token = cookies[input.tokenCookie] as string;
      if (token.length === 0) {
        throw invalidToken(
          `Empty token in the cookie "${input.tokenCookie}"; send the token or leave the cookie out`,
        );
      }
      return token;
    }
  }
}

function conflict(first: TokenSource, second: TokenSource): ConnectionContextError {
  const where = first === second ? `the ${first} carries two` : `the ${first} and the ${second} carry`;
  return invalidToken(
    `Conflicting tokens: ${where} different tokens; send one token, in one place, so there is no doubt which one is checked`,
  );
}

/**
 * Finds the request's bearer token in `sources` order.
 *
 * @returns the first token found and its source, or `null` when no source has one.
 * @throws {ConnectionContextError} `INVALID_TOKEN` for a malformed token or two sources carrying
 *   different tokens.
 */
export function resolveAuth(input: AuthInput): ConnectionAuth | null {
  let found: ConnectionAuth | null = null;
  for (const source of input.sources) {
    const token = fromSource(input, source);
    if (token === null) continue;
    if (found === null) found = Object.freeze({ scheme: 'Bearer', token, source });
    else if (found.token !== token) throw conflict(found.source, source);
  }
  return found;
}
