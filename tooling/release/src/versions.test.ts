import { expect, test } from 'vitest';
import { compareVersions, satisfiesRange } from './versions.js';

test.each([
  { version: '0.1.0', range: '^0.1.0', expected: true },
  { version: '0.1.5', range: '^0.1.0', expected: true },
  { version: '0.2.0', range: '^0.1.0', expected: false },
  { version: '0.0.3', range: '^0.0.3', expected: true },
  { version: '0.0.4', range: '^0.0.3', expected: false },
  { version: '1.9.0', range: '^1.2.3', expected: true },
  { version: '2.0.0', range: '^1.2.3', expected: false },
  { version: '1.2.2', range: '^1.2.3', expected: false },
  { version: '1.2.9', range: '~1.2.3', expected: true },
  { version: '1.3.0', range: '~1.2.3', expected: false },
  { version: '1.2.3', range: '1.2.3', expected: true },
  { version: '1.2.4', range: '1.2.3', expected: false },
  { version: '1.2.3', range: 'workspace:^', expected: false },
])('$version in $range: $expected', ({ version, range, expected }) => {
  expect(satisfiesRange(version, range)).toBe(expected);
});

test.each([
  { left: '0.1.0', right: '0.0.9', sign: 1 },
  { left: '1.0.0', right: '1.0.0', sign: 0 },
  { left: '1.9.9', right: '2.0.0', sign: -1 },
])('compareVersions($left, $right) has sign $sign', ({ left, right, sign }) => {
  expect(Math.sign(compareVersions(left, right))).toBe(sign);
});
