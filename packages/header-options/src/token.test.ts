import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bearerTokenEnd, isBearerToken } from './token.js';

describe('isBearerToken (RFC 6750 b64token)', () => {
  test.each([
    ['letters and digits', 'abcXYZ019', true],
    ['every punctuation b64token allows', 'a-b.c_d~e+f/g', true],
    ['trailing padding', 'abc==', true],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', true],
    ['empty', '', false],
    ['padding only', '==', false],
    ['padding in the middle', 'ab=c', false],
    ['a space', 'a b', false],
    ['a comma', 'a,b', false],
    ['a double quote', 'x"y', false],
    ['non-ASCII', 'tök', false],
    ['a tab', 'a\tb', false],
    ['a colon (Basic credentials)', 'user:pass', false],
    ['a semicolon', 'a;b', false],
  ])('%s: %j -> %s', (_name, token, expected) => {
    expect(isBearerToken(token)).toBe(expected);
  });

  test('a non-string is never a token', () => {
    expect(isBearerToken(42 as unknown as string)).toBe(false);
  });
});

describe('bearerTokenEnd', () => {
  test.each([
    ['Bearer abc', 7, 10],
    ['Bearer abc==, Bearer d', 7, 12],
    ['Bearer  abc', 6, 6],
    ['Bearer a b', 7, 8],
    ['x', 1, 1],
  ])('%j from %i ends at %i', (value, start, end) => {
    expect(bearerTokenEnd(value, start)).toBe(end);
  });

  test('agrees with the RFC 6750 grammar on any string', () => {
    const grammar = /^[A-Za-z0-9\-._~+/]+=*$/;
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', '+', '/', '=', ' ', ',', 'é', '"'),
        }),
        (token) => {
          expect(isBearerToken(token)).toBe(grammar.test(token));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
