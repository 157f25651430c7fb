import { describe, expect, test } from 'vitest';
import { newestOfMajor, parseVersion } from './versions.js';

describe('newestOfMajor', () => {
  test.each([
    {
      name: 'numeric, not lexical, order',
      versions: ['18.9.1', '18.20.8', '18.10.0'],
      major: 18,
      expected: '18.20.8',
    },
    { name: 'other majors ignored', versions: ['20.8.0', '18.2.0', '22.1.0'], major: 18, expected: '18.2.0' },
    {
      name: 'pre-releases ignored',
      versions: ['24.0.0-rc.1', '24.0.0', '24.1.0-nightly'],
      major: 24,
      expected: '24.0.0',
    },
    { name: 'none of that major', versions: ['20.1.0'], major: 18, expected: null },
    { name: 'empty list', versions: [], major: 22, expected: null },
    { name: 'non-strings ignored', versions: [null, 22, '22.0.1'], major: 22, expected: '22.0.1' },
    { name: 'major 1 is not major 18', versions: ['1.8.0', '18.0.0'], major: 1, expected: '1.8.0' },
  ])('$name', ({ versions, major, expected }) => {
    expect(newestOfMajor(versions, major)).toBe(expected);
  });
});

describe('parseVersion', () => {
  test.each([
    { input: '22.23.3', expected: [22, 23, 3] },
    { input: 'v18.20.8', expected: [18, 20, 8] },
    { input: '18.20', expected: null },
    { input: '18.20.8-rc.1', expected: null },
    { input: 'latest', expected: null },
  ])('$input', ({ input, expected }) => {
    expect(parseVersion(input)).toEqual(expected);
  });
});
