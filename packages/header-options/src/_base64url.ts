const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The base64url alphabet's values (RFC 4648 section 5) by character code below 128, -1 elsewhere. */
export const BASE64URL_VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) BASE64URL_VALUES[ALPHABET.charCodeAt(index)] = index;

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
