// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
// The one rule for a bearer token in an Authorization header, shared by the client (which refuses to
// send anything else) and connection-context (which refuses to accept anything else).
const B64TOKEN_CHARACTER = new Uint8Array(128);
for (let code = 48; code <= 57; code++) B64TOKEN_CHARACTER[code] = 1;
for (let code = 65; code <= 90; code++) B64TOKEN_CHARACTER[code] = 1;
for (let code = 97; code <= 122; code++) B64TOKEN_CHARACTER[code] = 1;
for (const character of '-._~+/') B64TOKEN_CHARACTER[character.charCodeAt(0)] = 1;

/**
 * Where the RFC 6750 `b64token` that starts at `start` ends: the index after its last character
 * (trailing `=` included), or `start` when no token starts there.
 *
 * @param value - the string to scan, e.g. an `Authorization` header value.
 * @param start - the index the token starts at.
 */
export function bearerTokenEnd(value: string, start = 0): number {
  let index = start;
  const length = value.length;
  while (index < length) {
    const code = value.charCodeAt(index);
    if (code >= 128 || B64TOKEN_CHARACTER[code] === 0) break;
    index++;
  }
  if (index === start) return start;
  while (index < length && value.charCodeAt(index) === 61 /* = */) index++;
  return index;
}

/**
 * Whether `token` is an RFC 6750 `b64token`, the only form a bearer token may take in an
 * `Authorization: Bearer <token>` header (letters, digits, `-._~+/`, then any number of `=`).
 * A token outside that rule can still travel in the bearer subprotocol, which encodes any string.
 *
 * @param token - the token, without the `Bearer ` scheme.
 */
export function isBearerToken(token: string): boolean {
  return typeof token === 'string' && token.length > 0 && bearerTokenEnd(token, 0) === token.length;
}
