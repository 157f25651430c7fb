import { describe, expect, test } from 'vitest';
import { failure } from './_test/failure.js';
import { isValidSubprotocol, normalizeSubprotocols } from './subprotocols.js';

describe('isValidSubprotocol (RFC 6455 token)', () => {
  test.each([
    ['chat', true],
    ['v1.chat.example.com', true],
    ["!#$%&'*+-.^_`|~09AZaz", true],
    ['', false],
    ['bad proto', false],
    ['a,b', false],
    ['chät', false],
    ['tab\t', false],
    ['del\u007f', false],
    ...[...'()<>@,;:\\"/[]?={}'].map((separator) => [`x${separator}`, false] as [string, boolean]),
  ])('%j is %s', (name, expected) => {
    expect(isValidSubprotocol(name)).toBe(expected);
  });

  test('is false for a non-string', () => {
    expect(isValidSubprotocol(42 as unknown as string)).toBe(false);
  });
});

describe('normalizeSubprotocols', () => {
  test.each([
    ['none', undefined, []],
    ['one string', 'chat', ['chat']],
    ['an array, order kept', ['superchat', 'chat'], ['superchat', 'chat']],
    ['an empty array', [], []],
  ] as const)('%s', (_name, input, expected) => {
    expect(normalizeSubprotocols(input)).toEqual(expected);
  });

  test.each([
    [
      'a space',
      'bad proto',
      'INVALID_SUBPROTOCOL',
      'Subprotocol "bad proto" has the invalid character U+0020 at index 3; a subprotocol is an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={})',
    ],
    [
      'a comma',
      ['a,b'],
      'INVALID_SUBPROTOCOL',
      'Subprotocol "a,b" has the invalid character U+002C at index 1; a subprotocol is an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={})',
    ],
    [
      'non-ASCII',
      ['chät'],
      'INVALID_SUBPROTOCOL',
      'Subprotocol "chät" has the invalid character U+00E4 at index 2; a subprotocol is an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={})',
    ],
    [
      'empty',
      [''],
      'INVALID_SUBPROTOCOL',
      'Subprotocol "" is empty; a subprotocol is a non-empty RFC 6455 token',
    ],
    [
      'not a string',
      ['chat', 7],
      'INVALID_SUBPROTOCOL',
      'Subprotocol a number is not a string; "protocols" takes strings',
    ],
    [
      'an object',
      { chat: true },
      'INVALID_OPTION',
      '"protocols" must be a string or an array of strings, got an object',
    ],
    [
      'exact duplicate',
      ['chat', 'chat'],
      'DUPLICATE_SUBPROTOCOL',
      'Subprotocol "chat" is offered twice; offer each subprotocol once',
    ],
    [
      'duplicate in another case',
      ['chat', 'CHAT'],
      'DUPLICATE_SUBPROTOCOL',
      'Subprotocols "chat" and "CHAT" differ only in case; undici refuses both, offer one of them',
    ],
  ])('refuses %s', (_name, input, code, message) => {
    expect(failure(() => normalizeSubprotocols(input as string[]))).toEqual({ code, message });
  });
});
