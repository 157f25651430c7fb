import { BASE64URL_VALUES, encodeBase64url } from './_base64url.js';
import { HeaderOptionsError } from './errors.js';
import { describeCharacter, findInvalidTokenCharacter } from './validate.js';

const DEFAULT_PREFIX = 'base64url.bearer.authorization.k8s.io.';
const encoder = new TextEncoder();
// Not fatal: decode() hands it only bytes that isDecodable's scan already found well-formed.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The codec for a bearer token carried as a subprotocol, for clients that cannot send headers. */
export interface BearerSubprotocol {
  /** The default prefix, `base64url.bearer.authorization.k8s.io.` (the Kubernetes convention). */
  readonly prefix: string;
  /**
   * Encodes `token` as `<prefix><unpadded base64url of its UTF-8 bytes>`.
   *
   * @throws {HeaderOptionsError} `INVALID_SUBPROTOCOL` for an empty token, a token with a lone
   *   surrogate (it could not survive UTF-8), or a prefix that is not a subprotocol token.
   */
  encode(token: string, prefix?: string): string;
  /** The token carried by `protocol`, or `null` if it has another prefix or a malformed, empty or non-UTF-8 payload. */
  decode(protocol: string, prefix?: string): string | null;
  /**
   * Whether `protocol` starts with the prefix (ASCII case-insensitive), valid payload or not.
   * A server must never echo such a subprotocol: it would send the token back in a response header.
   */
  is(protocol: string, prefix?: string): boolean;
  /**
   * `is(text.slice(start, end), prefix)` without the slice, for a server reading the subprotocol in
   * place in its `Sec-WebSocket-Protocol` header.
   *
   * @param text - the string holding the subprotocol.
   * @param start - the subprotocol's first index.
   * @param end - the index after it.
   * @throws {HeaderOptionsError} `INVALID_OPTION` unless `0 <= start <= end <= text.length` (integers).
   */
  isAt(text: string, start: number, end: number, prefix?: string): boolean;
  /**
   * `decode(text.slice(start, end), prefix) !== null` without the slice and without decoding: the
   * exact prefix, then a non-empty canonical unpadded base64url payload whose bytes are well-formed
   * UTF-8. `decode` runs this same check, so the two cannot disagree.
   *
   * @param text - the string holding the subprotocol.
   * @param start - the subprotocol's first index.
   * @param end - the index after it.
   * @throws {HeaderOptionsError} `INVALID_OPTION` unless `0 <= start <= end <= text.length` (integers).
   */
  isDecodable(text: string, start: number, end: number, prefix?: string): boolean;
}

function checkPrefix(prefix: string): void {
  const invalid = typeof prefix === 'string' ? findInvalidTokenCharacter(prefix) : 0;
  if (invalid !== -1) {
    throw new HeaderOptionsError(
      'INVALID_SUBPROTOCOL',
      `Bearer subprotocol prefix ${JSON.stringify(prefix)} is not a subprotocol token (character ${invalid}); use printable ASCII without spaces or separators, such as the default ${JSON.stringify(DEFAULT_PREFIX)}`,
    );
  }
}

/** The index of the first unpaired UTF-16 surrogate in `token` (it has no UTF-8 form), or -1. */
export function findLoneSurrogate(token: string): number {
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = token.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return index;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return index;
  }
  return -1;
}

function checkSpan(method: string, text: string, start: number, end: number): void {
  if (
    typeof text !== 'string' ||
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    start > end ||
    end > text.length
  ) {
    const length = typeof text === 'string' ? String(text.length) : `not a string (${typeof text})`;
    throw new HeaderOptionsError(
      'INVALID_OPTION',
      `bearerSubprotocol.${method}() got start ${String(start)} and end ${String(end)} for a text of length ${length}; pass a string and integer bounds with 0 <= start <= end <= text.length`,
    );
  }
}

function asciiLowercase(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** The rule of `is` and `isAt`: `text.slice(start, start + prefix.length)` equals `prefix` after `toLowerCase()`. */
function prefixAt(text: string, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  let equal = true;
  for (let index = 0; index < prefix.length; index++) {
    const code = text.charCodeAt(start + index);
    const expected = prefix.charCodeAt(index);
    // Outside ASCII, toLowerCase() has the last word (the Kelvin sign U+212A becomes "k").
    if (code >= 128 || expected >= 128) {
      return text.slice(start, start + prefix.length).toLowerCase() === prefix.toLowerCase();
    }
    if (asciiLowercase(code) !== asciiLowercase(expected)) equal = false;
  }
  return equal;
}

/**
 * The rule of `decode` and `isDecodable`, in one pass: the exact prefix, a non-empty canonical
 * unpadded base64url payload (alphabet, no length of 4n+1, zero unused bits) whose bytes are
 * well-formed UTF-8 (the WHATWG decoder's rules: no overlong forms, surrogates or code points above
 * U+10FFFF, no cut sequence). Writes the bytes into `output` when one is given.
 */
function scanPayload(
  text: string,
  start: number,
  end: number,
  prefix: string,
  output: Uint8Array | null,
): boolean {
  const length = end - start - prefix.length;
  if (length <= 0 || length % 4 === 1) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (text.charCodeAt(start + index) !== prefix.charCodeAt(index)) return false;
  }
  let buffer = 0;
  let bits = 0;
  let written = 0;
  // UTF-8: continuation bytes still expected, and the range the next one must be in.
  let needed = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let index = start + prefix.length; index < end; index++) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? (BASE64URL_VALUES[code] as number) : -1;
    if (value === -1) return false;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const byte = (buffer >> bits) & 0xff;
    if (output !== null) output[written++] = byte;
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

/**
 * Encodes and decodes a bearer token as a WebSocket subprotocol, the way Kubernetes does
 * (`base64url.bearer.authorization.k8s.io.<token>`). The client and the server package share it.
 */
export const bearerSubprotocol: BearerSubprotocol = Object.freeze({
  prefix: DEFAULT_PREFIX,
  encode(token: string, prefix: string = DEFAULT_PREFIX): string {
    checkPrefix(prefix);
    if (typeof token !== 'string' || token.length === 0) {
      throw new HeaderOptionsError(
        'INVALID_SUBPROTOCOL',
        'bearerSubprotocol.encode() got an empty token; pass the non-empty bearer token to send',
      );
    }
    const surrogate = findLoneSurrogate(token);
    if (surrogate !== -1) {
      throw new HeaderOptionsError(
        'INVALID_SUBPROTOCOL',
        `Bearer token has a lone surrogate ${describeCharacter(token, surrogate)} at index ${surrogate}; it cannot be encoded as UTF-8, pass a well-formed string`,
      );
    }
    return prefix + encodeBase64url(encoder.encode(token));
  },
  decode(protocol: string, prefix: string = DEFAULT_PREFIX): string | null {
    if (typeof protocol !== 'string' || protocol.length <= prefix.length) return null;
    const bytes = new Uint8Array(((protocol.length - prefix.length) * 3) >> 2);
    if (!scanPayload(protocol, 0, protocol.length, prefix, bytes)) return null;
    return decoder.decode(bytes);
  },
  is(protocol: string, prefix: string = DEFAULT_PREFIX): boolean {
    if (typeof protocol !== 'string') return false;
    return prefixAt(protocol, 0, protocol.length, prefix);
  },
  isAt(text: string, start: number, end: number, prefix: string = DEFAULT_PREFIX): boolean {
    checkSpan('isAt', text, start, end);
    return prefixAt(text, start, end, prefix);
  },
  isDecodable(text: string, start: number, end: number, prefix: string = DEFAULT_PREFIX): boolean {
    checkSpan('isDecodable', text, start, end);
    return scanPayload(text, start, end, prefix, null);
  },
});
