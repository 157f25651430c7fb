import { bearerSubprotocol } from '@ws-compat/header-options';
import type { QueryParams } from '@ws-compat/query-params';
import { ConnectionContextError } from './errors.js';
import { throwDuplicate } from './headers.js';

/** Where a token may come from, in the order `tokenSources` lists them. */
export type TokenSource = 'header' | 'subprotocol' | 'query' | 'cookie';

/** The credentials the request carries. */
export interface ConnectionAuth {
  /** `Bearer` for every bearer token (whatever case was sent); other schemes as sent, e.g. `Basic`. */
  readonly scheme: string;
  readonly token: string;
  readonly source: TokenSource;
}

function invalidToken(message: string): ConnectionContextError {
  return new ConnectionContextError('INVALID_TOKEN', message);
}

// Character classes as lookup tables: 1 = RFC 7230 tchar, 2 = RFC 6750 b64token character.
const TCHAR = 1;
const B64TOKEN = 2;
const CLASSES = new Uint8Array(128);
for (let code = 48; code <= 57; code++) CLASSES[code] = TCHAR | B64TOKEN;
for (let code = 65; code <= 90; code++) CLASSES[code] = TCHAR | B64TOKEN;
for (let code = 97; code <= 122; code++) CLASSES[code] = TCHAR | B64TOKEN;
for (const char of "!#$%&'*^`|") CLASSES[char.charCodeAt(0)] = TCHAR;
for (const char of '-._~+') CLASSES[char.charCodeAt(0)] = TCHAR | B64TOKEN;
CLASSES['/'.charCodeAt(0)] = B64TOKEN;

function isTokenChar(code: number): boolean {
  return code < 128 && ((CLASSES[code] as number) & TCHAR) !== 0;
}

// RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
function b64tokenEnd(value: string, start: number): number {
  let index = start;
  const length = value.length;
  while (index < length) {
    const code = value.charCodeAt(index);
    if (code >= 128 || ((CLASSES[code] as number) & B64TOKEN) === 0) break;
    index++;
  }
  if (index === start) return start;
  while (index < length && value.charCodeAt(index) === 61 /* = */) index++;
  return index;
}

// RFC 6750 b64token, anchored at lastIndex and running to the end of the value.
const WHOLE_B64TOKEN = /[A-Za-z0-9\-._~+/]+=*$/y;

const MALFORMED_AUTHORIZATION =
  'Malformed Authorization header: expected "<scheme> <credentials>", e.g. "Bearer <token>" with an RFC 6750 token (letters, digits, -._~+/ and trailing =)';

/**
 * Parses an `Authorization` header value in one pass.
 *
 * @param value - the header value.
 * @returns the scheme (`Bearer` normalized) and the credentials.
 * @throws {ConnectionContextError} `INVALID_TOKEN` for a value without credentials or a bearer token
 *   with characters RFC 6750 does not allow; `DUPLICATE_HEADER` for two bearer credentials joined with a comma.
 */
export function parseAuthorization(value: string): { scheme: string; token: string } {
  let index = 0;
  while (index < value.length && isTokenChar(value.charCodeAt(index))) index++;
  const schemeEnd = index;
  if (schemeEnd === 0 || value.charCodeAt(index) !== 32) throw invalidToken(MALFORMED_AUTHORIZATION);
  while (value.charCodeAt(index) === 32) index++;
  if (index >= value.length) throw invalidToken(MALFORMED_AUTHORIZATION);
  const scheme = value.slice(0, schemeEnd);
  if (scheme.length === 6 && scheme.toLowerCase() === 'bearer') {
    // The common case, a well-formed token to the end, in one native regular-expression pass (about
    // half the time of the charCodeAt loop on a JWT); the loop below only explains a failure.
    WHOLE_B64TOKEN.lastIndex = index;
    if (WHOLE_B64TOKEN.test(value)) return { scheme: 'Bearer', token: value.slice(index) };
    const end = b64tokenEnd(value, index);
    if (end !== value.length) {
      // "Bearer a, Bearer b": two header lines joined (WHATWG Headers does that), never a token.
      if (end > index && value.charCodeAt(end) === 44 /* , */) throwDuplicate('authorization');
      throw invalidToken(MALFORMED_AUTHORIZATION);
    }
    return { scheme: 'Bearer', token: value.slice(index) };
  }
  return { scheme, token: value.slice(index) };
}

/** What {@link resolveAuth} reads. */
export interface AuthInput {
  readonly sources: readonly TokenSource[];
  readonly authorization: string | null;
  /** The offered subprotocols that carry a token (`bearerSubprotocol.is`). */
  readonly tokenProtocols: readonly string[];
  readonly prefix: string;
  readonly query: QueryParams;
  readonly tokenQueryParam: string;
  readonly cookies: () => Readonly<Record<string, string>>;
  readonly tokenCookie: string;
}

function fromSource(input: AuthInput, source: TokenSource): { scheme: string; token: string } | null {
  switch (source) {
    case 'header':
      return input.authorization === null ? null : parseAuthorization(input.authorization);
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
      return token === null ? null : { scheme: 'Bearer', token };
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
      return { scheme: 'Bearer', token };
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
      return { scheme: 'Bearer', token };
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
 * Finds the request's credentials in `sources` order.
 *
 * @returns the first token found and its source, or `null` when no source has one.
 * @throws {ConnectionContextError} `INVALID_TOKEN` for a malformed token or two sources carrying
 *   different tokens; `DUPLICATE_HEADER` for joined Authorization values.
 */
export function resolveAuth(input: AuthInput): ConnectionAuth | null {
  let found: ConnectionAuth | null = null;
  for (const source of input.sources) {
    const result = fromSource(input, source);
    if (result === null) continue;
    if (found === null) found = Object.freeze({ scheme: result.scheme, token: result.token, source });
    else if (found.token !== result.token) throw conflict(found.source, source);
  }
  return found;
}
