import { bearerSubprotocol, bearerTokenEnd } from '@ws-compat/header-options';
import type { QueryParams } from '@ws-compat/query-params';
import { ConnectionContextError } from './errors.js';
import { throwDuplicate } from './headers.js';
import { offerEnd, offerFirst, offerLast } from './subprotocol.js';
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
 * Reads an `Authorization` header value in one pass, as {@link parseAuthorization} does, without
 * copying anything out of it.
 *
 * @param value - the header value.
 * @returns for a `Bearer` token, the index where the token starts (positive); for another scheme,
 *   minus the index where its credentials start.
 * @throws {ConnectionContextError} as {@link parseAuthorization}.
 */
export function authorizationCredentials(value: string): number {
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
    return index;
  }
  return -index;
}

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
  const start = authorizationCredentials(value);
  if (start > 0) return { kind: 'bearer', token: value.slice(start) };
  return { kind: 'other', authorization: otherAuthorization(value, -start) };
}

/**
 * The `authorization` field of a header with another scheme than `Bearer` (frozen).
 *
 * @param value - the header value.
 * @param credentialsStart - where the credentials start (from {@link authorizationCredentials}).
 */
export function otherAuthorization(value: string, credentialsStart: number): ConnectionAuthorization {
  let schemeEnd = 0;
  while (isTokenChar(value.charCodeAt(schemeEnd))) schemeEnd++;
  return Object.freeze({ scheme: value.slice(0, schemeEnd), credentials: value.slice(credentialsStart) });
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
        if (decoded === null) throw malformedProtocol(input.prefix);
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

function malformedProtocol(prefix: string): ConnectionContextError {
  return invalidToken(
    `Malformed bearer subprotocol: it starts with "${prefix}" but the rest is not a non-empty, unpadded base64url UTF-8 token; encode it with bearerSubprotocol.encode(token)`,
  );
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

// A token found during the build and read on first use is one small integer: where it starts in its
// text (the Authorization value or the Sec-WebSocket-Protocol value), shifted left by 2, and its source.
const IN_HEADER = 1;
const IN_SUBPROTOCOL = 2;

/**
 * Whether a token's place (from {@link findToken}) is in the Authorization header.
 *
 * @param place - a place other than {@link NO_TOKEN}.
 */
export function isHeaderPlace(place: number): boolean {
  return (place & 3) === IN_HEADER;
}

/** No token was found (the context's `auth` is `null`). */
export const NO_TOKEN = 0;

/**
 * Finds the bearer token when the token sources are `'header'` and `'subprotocol'` only, with every
 * check {@link resolveAuth} makes (a malformed token subprotocol, two different tokens), in the same
 * order and with the same errors, but without copying or decoding the token: that is left to
 * {@link readToken}, when `auth` is first read.
 *
 * @param sources - the token sources (a subset of `'header'`, `'subprotocol'`).
 * @param authorization - the Authorization value when it holds a bearer token, else `null`.
 * @param tokenStart - where that token starts (from {@link authorizationCredentials}).
 * @param protocols - the Sec-WebSocket-Protocol value, or `null`.
 * @param prefix - the bearer-subprotocol prefix.
 * @returns {@link NO_TOKEN}, the token's place for {@link readToken}, or (only when both sources
 *   carry the same token) the token itself.
 * @throws {ConnectionContextError} `INVALID_TOKEN` for a malformed token subprotocol or two different tokens.
 */
export function findToken(
  sources: readonly TokenSource[],
  authorization: string | null,
  tokenStart: number,
  protocols: string | null,
  prefix: string,
): number | ConnectionAuth {
  let found = NO_TOKEN;
  let foundSource: TokenSource | null = null;
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index] as TokenSource;
    let place = NO_TOKEN;
    if (source === 'header') {
      if (authorization !== null) place = (tokenStart << 2) | IN_HEADER;
    } else if (protocols !== null) {
      place = findTokenProtocol(protocols, prefix);
    }
    if (place === NO_TOKEN) continue;
    if (foundSource === null) {
      found = place;
      foundSource = source;
    } else {
      // Both sources carry a token: compare them (rare: the decode is made now).
      const first = readToken(found, authorization, protocols, prefix);
      const second = readToken(place, authorization, protocols, prefix);
      if (first.token !== second.token) throw conflict(foundSource, source);
      return first;
    }
  }
  return found;
}

/** Where the token subprotocol of `value` starts (as a place for {@link readToken}), or {@link NO_TOKEN}. */
function findTokenProtocol(value: string, prefix: string): number {
  let found = NO_TOKEN;
  let foundStart = 0;
  let foundEnd = 0;
  for (let start = 0, end = 0; start <= value.length; start = end + 1) {
    end = offerEnd(value, start);
    const first = offerFirst(value, start, end);
    const last = offerLast(value, first, end);
    if (last > first && bearerSubprotocol.isAt(value, first, last, prefix)) {
      if (!bearerSubprotocol.isDecodable(value, first, last, prefix)) throw malformedProtocol(prefix);
      if (found === NO_TOKEN) {
        found = (first << 2) | IN_SUBPROTOCOL;
        foundStart = first;
        foundEnd = last;
      } else if (!sameRange(value, foundStart, foundEnd, first, last)) {
        // Canonical base64url of well-formed UTF-8: two equal tokens are two equal subprotocols.
        throw conflict('subprotocol', 'subprotocol');
      }
    }
  }
  return found;
}

function sameRange(value: string, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let index = 0; index < end - start; index++) {
    if (value.charCodeAt(start + index) !== value.charCodeAt(otherStart + index)) return false;
  }
  return true;
}

/**
 * The token at `place` (from {@link findToken}), frozen as `auth` holds it.
 *
 * @param place - the token's place, not {@link NO_TOKEN}.
 * @param authorization - the Authorization value (for a header token).
 * @param protocols - the Sec-WebSocket-Protocol value (for a subprotocol token).
 * @param prefix - the bearer-subprotocol prefix.
 */
export function readToken(
  place: number,
  authorization: string | null,
  protocols: string | null,
  prefix: string,
): ConnectionAuth {
  const start = place >> 2;
  if (isHeaderPlace(place)) {
    return Object.freeze({
      scheme: 'Bearer',
      token: (authorization as string).slice(start),
      source: 'header',
    });
  }
  const value = protocols as string;
  const end = offerLast(value, start, offerEnd(value, start));
  const token = bearerSubprotocol.decode(value.slice(start, end), prefix) as string;
  return Object.freeze({ scheme: 'Bearer', token, source: 'subprotocol' });
}
