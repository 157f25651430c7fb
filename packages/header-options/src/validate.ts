// RFC 7230 §3.2.6 `tchar`. RFC 6455 §4.1 defines subprotocols as RFC 2616 tokens: the same set.
const TOKEN_CHARS = new Uint8Array(128);
for (let code = 0x21; code < 0x7f; code++) TOKEN_CHARS[code] = 1;
for (const separator of '()<>@,;:\\"/[]?={}') TOKEN_CHARS[separator.charCodeAt(0)] = 0;

/**
 * Finds the first character that may not appear in an RFC 7230 token (header names, subprotocols).
 *
 * @param value - the candidate token.
 * @returns the index of the first invalid character, `value.length` when `value` is empty, or `-1`
 *   when `value` is a valid token.
 */
export function findInvalidTokenCharacter(value: string): number {
  if (value.length === 0) return 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0x7e || TOKEN_CHARS[code] !== 1) return index;
  }
  return -1;
}

/**
 * Finds the first character that no WebSocket client can send in a header value: control characters
 * other than horizontal tab (CR, LF and NUL among them), DEL, and anything above U+00FF.
 * Node (and so ws) rejects all of these; undici rejects CR, LF and NUL and everything above U+00FF.
 *
 * @param value - the header value.
 * @returns the index of the first invalid character, or `-1`.
 */
export function findInvalidValueCharacter(value: string): number {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return index;
  }
  return -1;
}

/** Formats the character at `index` for an error message, e.g. `U+000D`. */
export function describeCharacter(value: string, index: number): string {
  const code = value.codePointAt(index);
  if (code === undefined) return 'end of input';
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Describes a value of the wrong type or range for an error message: strings quoted, numbers as
 * written (`NaN`, `-1`), objects by kind. Never used for secrets (a bearer token is not echoed).
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    default:
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}
