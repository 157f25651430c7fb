import { describe, expect, test } from 'vitest';
import { isHttpToken, isTokenChar } from './tchar.js';

describe('RFC 7230 token', () => {
  test.each([
    ['x-api-key', true],
    ['Sec-WebSocket-Protocol', true],
    ["!#$%&'*+-.^_`|~09AZaz", true],
    ['', false],
    ['a b', false],
    ['a,b', false],
    ['a:b', false],
    ['a"b', false],
    ['a(b)', false],
    ['a/b', false],
    ['tök', false],
    ['a\tb', false],
  ])('isHttpToken(%j) is %s', (text, expected) => {
    expect(isHttpToken(text)).toBe(expected);
  });

  test('isTokenChar matches the RFC 7230 tchar set over every code unit below 256', () => {
    const tchar = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
    for (let code = 0; code < 256; code++) {
      expect(isTokenChar(code)).toBe(tchar.test(String.fromCharCode(code)));
    }
  });
});
