import { describe, expect, test } from 'vitest';
import { isCi } from './strict.js';

describe('isCi', () => {
  test.each([
    { CI: 'true', expected: true },
    { CI: '1', expected: true },
    { CI: 'TRUE', expected: true },
    { CI: 'woodpecker', expected: true },
    { CI: undefined, expected: false },
    { CI: '', expected: false },
    { CI: ' ', expected: false },
    { CI: '0', expected: false },
    { CI: 'false', expected: false },
    { CI: 'False', expected: false },
  ])('CI=$CI is $expected', ({ CI, expected }) => {
    expect(isCi(CI === undefined ? {} : { CI })).toBe(expected);
  });
});
