// RFC 7230 tchar: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA. Header names, cookie names,
// Authorization schemes and subprotocols are all made of them.
const TCHAR = new Uint8Array(128);
for (let code = 48; code <= 57; code++) TCHAR[code] = 1;
for (let code = 65; code <= 90; code++) TCHAR[code] = 1;
for (let code = 97; code <= 122; code++) TCHAR[code] = 1;
for (const char of "!#$%&'*+-.^_`|~") TCHAR[char.charCodeAt(0)] = 1;

/**
 * Whether the UTF-16 code unit `code` is an RFC 7230 `tchar`.
 *
 * @param code - a `charCodeAt` result.
 */
export function isTokenChar(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

/**
 * Whether `text` is a non-empty RFC 7230 `token` (a valid header name, cookie name or scheme).
 *
 * @param text - the candidate.
 */
export function isHttpToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    if (!isTokenChar(text.charCodeAt(index))) return false;
  }
  return true;
}
