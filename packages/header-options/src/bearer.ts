import { decodeBase64url, encodeBase64url } from './_base64url.js';
import { HeaderOptionsError } from './errors.js';
import { describeCharacter, findInvalidTokenCharacter } from './validate.js';

const DEFAULT_PREFIX = 'base64url.bearer.authorization.k8s.io.';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
    if (typeof protocol !== 'string' || !protocol.startsWith(prefix) || protocol.length === prefix.length) {
      return null;
    }
    const bytes = decodeBase64url(protocol, prefix.length);
    if (bytes === null) return null;
    try {
      return decoder.decode(bytes);
    } catch {
      return null;
    }
  },
  is(protocol: string, prefix: string = DEFAULT_PREFIX): boolean {
    if (typeof protocol !== 'string' || protocol.length < prefix.length) return false;
    return protocol.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();
  },
});
