const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) VALUES[ALPHABET.charCodeAt(index)] = index;

/** Unpadded base64url (RFC 4648 §5) of `bytes`. No `Buffer`, so it runs in browsers too. */
export function encodeBase64url(bytes: Uint8Array): string {
  let output = '';
  let index = 0;
  for (; index + 2 < bytes.length; index += 3) {
    const chunk = (bytes[index]! << 16) | (bytes[index + 1]! << 8) | bytes[index + 2]!;
    output +=
      ALPHABET[chunk >> 18]! +
      ALPHABET[(chunk >> 12) & 63]! +
      ALPHABET[(chunk >> 6) & 63]! +
      ALPHABET[chunk & 63]!;
  }
  const rest = bytes.length - index;
  if (rest === 1) {
    const chunk = bytes[index]! << 16;
    output += ALPHABET[chunk >> 18]! + ALPHABET[(chunk >> 12) & 63]!;
  } else if (rest === 2) {
    const chunk = (bytes[index]! << 16) | (bytes[index + 1]! << 8);
    output += ALPHABET[chunk >> 18]! + ALPHABET[(chunk >> 12) & 63]! + ALPHABET[(chunk >> 6) & 63]!;
  }
  return output;
}

/**
 * Decodes unpadded base64url starting at `start`. Returns `null` for anything that is not the
 * canonical encoding of some bytes: a character outside the alphabet, `=` padding, a length of
 * 4n+1, or non-zero unused bits in the last character.
 */
export function decodeBase64url(text: string, start: number): Uint8Array | null {
  const length = text.length - start;
  if (length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? VALUES[code]! : -1;
    if (value === -1) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}
