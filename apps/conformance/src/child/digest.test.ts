import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contentDigest, hexHead, messageRecord } from './digest.js';

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

describe('messageRecord', () => {
  test.each([
    ['text', 'héllo', 'text', 6, 'héllo'],
    ['bytes', Uint8Array.of(0, 1, 255), 'arraybuffer', 3, '0001ff'],
  ] as const)('%s', (_name, data, kind, size, head) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    expect(messageRecord(data, 7, 1)).toEqual({
      type: 'message',
      at: 7,
      kind,
      size,
      digest: contentDigest(bytes),
      head,
      readyState: 1,
    });
  });

  test('null is data of no known kind: no content', () => {
    expect(messageRecord(null, 3, 2)).toEqual({
      type: 'message',
      at: 3,
      kind: 'other',
      size: 0,
      digest: '',
      head: '',
      readyState: 2,
    });
  });
});
