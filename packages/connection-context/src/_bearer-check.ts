import { bearerSubprotocol } from '@ws-compat/header-options';

// The base64url alphabet's values (RFC 4648 section 5), -1 elsewhere.
const BASE64URL = new Int8Array(128).fill(-1);
for (let index = 0; index < 64; index++) {
  BASE64URL['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(index)] = index;
}

function asciiLowercase(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Whether the subprotocol `text.slice(start, end)` starts with `prefix` in any ASCII case: exactly
 * `bearerSubprotocol.is`, read in place. A non-ASCII character in the prefix part goes to
 * `bearerSubprotocol.is` itself (its `toLowerCase()` turns the Kelvin sign into `k`).
 *
 * @param text - the string holding the subprotocol.
 * @param start - its first index.
 * @param end - the index after it.
 * @param prefix - the bearer-subprotocol prefix (ASCII: options are checked).
 */
export function isBearerProtocolAt(text: string, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) {
    const code = text.charCodeAt(start + index);
    if (code >= 128) return bearerSubprotocol.is(text.slice(start, end), prefix);
    if (asciiLowercase(code) !== asciiLowercase(prefix.charCodeAt(index))) return false;
  }
  return true;
}

/**
 * Whether `bearerSubprotocol.decode(text.slice(start, end), prefix)` would return a token, decided
 * without decoding: the exact prefix, a non-empty canonical unpadded base64url payload (alphabet, no
 * length of 4n+1, zero unused bits) whose bytes are well-formed UTF-8 (the WHATWG decoder's rules:
 * no overlong forms, surrogates or code points above U+10FFFF, no cut sequence). No allocation: the
 * build checks the token subprotocol with it, and the token is decoded when `auth` is first read.
 *
 * @param text - the string holding the subprotocol.
 * @param start - its first index.
 * @param end - the index after it.
 * @param prefix - the bearer-subprotocol prefix.
 */
export function isDecodableBearerProtocol(text: string, start: number, end: number, prefix: string): boolean {
  const length = end - start - prefix.length;
  if (length <= 0 || length % 4 === 1) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (text.charCodeAt(start + index) !== prefix.charCodeAt(index)) return false;
  }
  let buffer = 0;
  let bits = 0;
  // UTF-8: continuation bytes still expected, and the range the next one must be in.
  let needed = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let index = start + prefix.length; index < end; index++) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? (BASE64URL[code] as number) : -1;
    if (value === -1) return false;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const byte = (buffer >> bits) & 0xff;
    if (needed === 0) {
      if (byte <= 0x7f) continue;
      if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        else if (byte === 0xed) upper = 0x9f;
        needed = 2;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        else if (byte === 0xf4) upper = 0x8f;
        needed = 3;
      } else {
        return false;
      }
    } else {
      if (byte < lower || byte > upper) return false;
      lower = 0x80;
      upper = 0xbf;
      needed--;
    }
  }
  return (buffer & ((1 << bits) - 1)) === 0 && needed === 0;
}
