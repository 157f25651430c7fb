import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propertyRuns } from './_test/query-arbitraries.js';
import { encodeComponent } from './encode.js';

/** URLSearchParams' serializer (correct on Node 20; only its string parser is not). */
function reference(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

describe('encodeComponent', () => {
  test.each([
    ['kept', 'azAZ09*-._', 'azAZ09*-._'],
    ['space', 'a b', 'a+b'],
    ['reserved', "&=+#%?/~!'()", '%26%3D%2B%23%25%3F%2F%7E%21%27%28%29'],
    ['two bytes', 'é', '%C3%A9'],
    ['three bytes', '中', '%E4%B8%AD'],
    ['four bytes', '😀', '%F0%9F%98%80'],
    ['lone surrogate is U+FFFD', '\ud800x', '%EF%BF%BDx'],
    ['NUL', '\u0000', '%00'],
  ])('%s: %j', (_name, input, expected) => {
    expect(encodeComponent(input)).toBe(expected);
    expect(reference(input)).toBe(expected);
  });

  test('matches URLSearchParams on any UTF-16 text', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(encodeComponent(text)).toBe(reference(text));
      }),
      { numRuns: Math.min(propertyRuns, 5000) },
    );
  });
});
