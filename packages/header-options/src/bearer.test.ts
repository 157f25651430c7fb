import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bearerSubprotocol } from './bearer.js';
import { HeaderOptionsError } from './errors.js';
import { isValidSubprotocol } from './subprotocols.js';

const PREFIX = 'base64url.bearer.authorization.k8s.io.';

describe('bearerSubprotocol.encode', () => {
  test.each([
    ['ASCII token', 't0k', `${PREFIX}dDBr`],
    ['one byte tail', 'a', `${PREFIX}YQ`],
    ['two byte tail', 'ab', `${PREFIX}YWI`],
    ['no tail', 'abc', `${PREFIX}YWJj`],
    ['base64url alphabet (no + or /)', '\u00fb\u00ff', `${PREFIX}w7vDvw`],
    ['non-ASCII is UTF-8', 'héllo', `${PREFIX}aMOpbGxv`],
    ['astral character', '🔑', `${PREFIX}8J-UkQ`],
    ['a JWT-like token', 'eyJhbGciOiJIUzI1NiJ9.e30.sig', `${PREFIX}ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZTMwLnNpZw`],
  ])('%s', (_name, token, expected) => {
    expect(bearerSubprotocol.encode(token)).toBe(expected);
    expect(isValidSubprotocol(expected)).toBe(true);
  });

  test('uses a custom prefix', () => {
    expect(bearerSubprotocol.encode('t0k', 'token.')).toBe('token.dDBr');
  });

  test.each([
    [
      'empty token',
      '',
      PREFIX,
      'bearerSubprotocol.encode() got an empty token; pass the non-empty bearer token to send',
    ],
    [
      'lone high surrogate',
      'ab\ud83d',
      PREFIX,
      'Bearer token has a lone surrogate U+D83D at index 2; it cannot be encoded as UTF-8, pass a well-formed string',
    ],
    [
      'lone low surrogate',
      '\udc00x',
      PREFIX,
      'Bearer token has a lone surrogate U+DC00 at index 0; it cannot be encoded as UTF-8, pass a well-formed string',
    ],
    [
      'prefix with a space',
      't0k',
      'my prefix.',
      'Bearer subprotocol prefix "my prefix." is not a subprotocol token (character 2); use printable ASCII without spaces or separators, such as the default "base64url.bearer.authorization.k8s.io."',
    ],
  ])('refuses %s', (_name, token, prefix, message) => {
    const error = (() => {
      try {
        bearerSubprotocol.encode(token, prefix);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HeaderOptionsError);
    expect(error).toMatchObject({ code: 'INVALID_SUBPROTOCOL', message });
  });
});

describe('bearerSubprotocol.decode', () => {
  test.each([
    ['valid', `${PREFIX}dDBr`, 't0k'],
    ['UTF-8', `${PREFIX}aMOpbGxv`, 'héllo'],
    ['keeps a leading BOM', `${PREFIX}77u_YQ`, '\ufeffa'],
    ['empty payload', PREFIX, null],
    ['other prefix', 'chat', null],
    ['prefix in another case', `${PREFIX.toUpperCase()}dDBr`, null],
    ['padding', `${PREFIX}YQ==`, null],
    ['standard base64 characters', `${PREFIX}w7v+w7/`, null],
    ['length 4n+1', `${PREFIX}YWJjZ`, null],
    ['non-zero unused bits', `${PREFIX}YR`, null],
    ['not UTF-8 (lone 0xFF)', `${PREFIX}_w`, null],
    ['not UTF-8 (encoded surrogate)', `${PREFIX}7aCA`, null],
    ['non-ASCII character', `${PREFIX}dDBré`, null],
  ])('%s', (_name, protocol, expected) => {
    expect(bearerSubprotocol.decode(protocol)).toBe(expected);
  });

  test('uses a custom prefix', () => {
    expect(bearerSubprotocol.decode('token.dDBr', 'token.')).toBe('t0k');
    expect(bearerSubprotocol.decode(`${PREFIX}dDBr`, 'token.')).toBeNull();
  });

  test('round-trips any well-formed string, including non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (token) => {
        const protocol = bearerSubprotocol.encode(token);
        expect(isValidSubprotocol(protocol)).toBe(true);
        expect(bearerSubprotocol.decode(protocol)).toBe(token);
      }),
      { numRuns: 500 },
    );
  });

  test('never throws and never accepts garbage that does not re-encode to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (payload) => {
        const decoded = bearerSubprotocol.decode(PREFIX + payload);
        if (decoded !== null) expect(bearerSubprotocol.encode(decoded)).toBe(PREFIX + payload);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bearerSubprotocol.is', () => {
  test.each([
    [`${PREFIX}dDBr`, undefined, true],
    [`${PREFIX}%%%`, undefined, true],
    [PREFIX.toUpperCase(), undefined, true],
    ['chat', undefined, false],
    ['base64url.bearer', undefined, false],
    ['token.abc', 'token.', true],
  ])('%s with prefix %s is %s', (protocol, prefix, expected) => {
    expect(bearerSubprotocol.is(protocol, prefix)).toBe(expected);
  });

  test('has the Kubernetes prefix', () => {
    expect(bearerSubprotocol.prefix).toBe(PREFIX);
    expect(Object.isFrozen(bearerSubprotocol)).toBe(true);
  });
});
