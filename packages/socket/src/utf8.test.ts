import fc from 'fast-check';
import { expect, test } from 'vitest';
import { utf8Length } from './_utf8.js';

test.each([
  { text: '', bytes: 0 },
  { text: 'a', bytes: 1 },
  { text: 'é', bytes: 2 },
  { text: '✓', bytes: 3 },
  { text: '🔑', bytes: 4 },
  { text: '\ud83d', bytes: 3 },
  { text: '\udd11x', bytes: 4 },
])('utf8Length($text) is $bytes', ({ text, bytes }) => {
  expect(utf8Length(text)).toBe(bytes);
});

test('property: equals Buffer.byteLength for any string, lone surrogates included', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }),
  );
});
