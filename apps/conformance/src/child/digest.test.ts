import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contentDigest, hexHead } from './digest.js';

describe('contentDigest', () => {
  // reference values of FNV-1a 32-bit (the published test vectors)
  test.each([
    ['', '811c9dc5'],
    ['a', 'e40c292c'],
    ['foobar', 'bf9cf968'],
  ])('%j -> %s', (text, digest) => {
    expect(contentDigest(new TextEncoder().encode(text))).toBe(digest);
  });

  test('one changed, dropped or swapped byte changes the digest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 64 }), fc.nat(), (bytes, at) => {
        const index = at % bytes.length;
        const changed = Uint8Array.from(bytes);
        changed[index] = (changed[index]! + 1) & 0xff;
        expect(contentDigest(changed)).not.toBe(contentDigest(bytes));
        expect(contentDigest(bytes.subarray(1))).not.toBe(contentDigest(bytes));
      }),
    );
  });
});

test.each([
  [[], ''],
  [[0, 15, 255], '000fff'],
  [Array.from({ length: 20 }, () => 1), '01'.repeat(16)],
])('hexHead(%j) = %j', (bytes, hex) => {
  expect(hexHead(Uint8Array.from(bytes))).toBe(hex);
});
