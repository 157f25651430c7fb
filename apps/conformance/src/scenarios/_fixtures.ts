/** Values the scenarios share. */

export const APP_ORIGIN = 'http://app.example';

/** A JWT-shaped token using every b64token character class: letters, digits, `-._~+/` and `=` padding. */
export const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.s1g-_~+/==';

/** header-options' default bearer subprotocol prefix (Kubernetes style). */
export const BEARER_PREFIX = 'base64url.bearer.authorization.k8s.io.';

/** Decodes a bearer subprotocol offer independently of header-options; null if it is not one. */
export function decodeBearerProtocol(protocol: string): string | null {
  if (!protocol.startsWith(BEARER_PREFIX)) return null;
  return Buffer.from(protocol.slice(BEARER_PREFIX.length), 'base64url').toString('utf8');
}
