import { randomFillSync } from 'node:crypto';

// Random bytes for 256 ids at a time, as Node's own randomUUID() caches its entropy.
const POOL_IDS = 256;
const pool = Buffer.allocUnsafeSlow(16 * POOL_IDS);
let offset = pool.length;
const HEX = new Uint8Array(16);
for (let digit = 0; digit < 16; digit++) HEX[digit] = '0123456789abcdef'.charCodeAt(digit);

function high(byte: number): number {
  return HEX[byte >> 4] as number;
}

function low(byte: number): number {
  return HEX[byte & 15] as number;
}

/**
 * A random (version 4) UUID, the same format and randomness source as `crypto.randomUUID()`.
 *
 * `randomUUID()` builds its result by concatenating 2-character pieces, which V8 keeps as a tree of
 * strings until something reads it (about 300 bytes per id, or a flattening step that costs more than
 * the UUID itself); one `String.fromCharCode` call gives the flat 36-character string directly.
 */
export function randomId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += 16;
  const b = pool;
  const b0 = b[at] as number;
  const b1 = b[at + 1] as number;
  const b2 = b[at + 2] as number;
  const b3 = b[at + 3] as number;
  const b4 = b[at + 4] as number;
  const b5 = b[at + 5] as number;
  const b6 = ((b[at + 6] as number) & 0x0f) | 0x40; // version 4
  const b7 = b[at + 7] as number;
  const b8 = ((b[at + 8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const b9 = b[at + 9] as number;
  const b10 = b[at + 10] as number;
  const b11 = b[at + 11] as number;
  const b12 = b[at + 12] as number;
  const b13 = b[at + 13] as number;
  const b14 = b[at + 14] as number;
  const b15 = b[at + 15] as number;
  // biome-ignore format: one group of the UUID per line
  return String.fromCharCode(
    high(b0), low(b0), high(b1), low(b1), high(b2), low(b2), high(b3), low(b3), 45,
    high(b4), low(b4), high(b5), low(b5), 45,
    high(b6), low(b6), high(b7), low(b7), 45,
    high(b8), low(b8), high(b9), low(b9), 45,
    high(b10), low(b10), high(b11), low(b11), high(b12), low(b12), high(b13), low(b13), high(b14), low(b14), high(b15), low(b15),
  );
}
