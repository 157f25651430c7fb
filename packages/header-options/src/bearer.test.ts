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

// Subprotocols of every kind: valid encodings, near misses (a character changed or cut, padding,
// non-ASCII), the prefix in another case or with a Kelvin sign (U+212A) for its k, random strings.
const anyToken = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~+/'.split('')), minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...Array.from('ab=-. ö€𝄞,')), minLength: 1, maxLength: 8 }),
);
const nearProtocol = fc.oneof(
  anyToken.map((token) => bearerSubprotocol.encode(token)),
  fc
    .tuple(anyToken, fc.nat(40), fc.constantFrom('', '=', 'A', '_', '*', 'é', '\u212a'))
    .map(([token, at, insert]) => {
      const encoded = bearerSubprotocol.encode(token);
      const index = PREFIX.length + (at % (encoded.length - PREFIX.length));
      return encoded.slice(0, index) + insert + encoded.slice(index + 1);
    }),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: fc.constantFrom(...`${PREFIX}BASE\u212a\u0130 `.split('')), maxLength: 45 }),
  fc
    .tuple(anyToken, fc.constantFrom('k', 'K', '\u212a', 'x'))
    .map(
      ([token, k]) =>
        `${PREFIX.slice(0, 31)}${k}8s.io.${bearerSubprotocol.encode(token).slice(PREFIX.length)}`,
    ),
);
// Payloads: canonical base64url of random bytes (cut and overlong UTF-8 among them), of strings,
// and strings over a small alphabet with padding, standard base64 and non-ASCII characters.
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  fc.string({ unit: fc.constantFrom(...'AQgw_-+/=é\u212a'.split('')), maxLength: 12 }),
  fc.string({ maxLength: 12 }).map((value) => Buffer.from(value).toString('base64url')),
);

describe('bearerSubprotocol.isAt and isDecodable (the in-place checks)', () => {
  test.each([
    ['the prefix in any case', ` ${PREFIX.toUpperCase()}x,`, 1, PREFIX.length + 2, undefined, true],
    [
      'the prefix with a Kelvin sign for its k',
      `${PREFIX.replace('k8s', '\u212a8s')}dDBr`,
      0,
      42,
      undefined,
      true,
    ],
    ['a span shorter than the prefix', `${PREFIX}dDBr`, 0, PREFIX.length - 1, undefined, false],
    ['another protocol', 'chat, token.x', 0, 4, 'token.', false],
    ['a custom prefix in place', 'chat, token.x', 6, 13, 'token.', true],
  ])('isAt: %s', (_name, text, start, end, prefix, expected) => {
    expect(bearerSubprotocol.isAt(text, start, end, prefix)).toBe(expected);
  });

  test.each([
    ['a valid token in place', `chat, ${PREFIX}dDBr, x`, 6, 6 + PREFIX.length + 4, true],
    ['the span cut one short', `chat, ${PREFIX}dDBr, x`, 6, 6 + PREFIX.length + 3, false],
    ['the prefix in another case', ` ${PREFIX.toUpperCase()}dDBr`, 1, PREFIX.length + 5, false],
    ['an empty payload', PREFIX, 0, PREFIX.length, false],
    ['padding', `${PREFIX}YQ==`, 0, PREFIX.length + 4, false],
    [
      'an overlong form of "/"',
      PREFIX + Buffer.from([0xc0, 0xaf]).toString('base64url'),
      0,
      PREFIX.length + 3,
      false,
    ],
    [
      'a UTF-16 surrogate',
      PREFIX + Buffer.from([0xed, 0xa0, 0x80]).toString('base64url'),
      0,
      PREFIX.length + 4,
      false,
    ],
    [
      'above U+10FFFF',
      PREFIX + Buffer.from([0xf4, 0x90, 0x80, 0x80]).toString('base64url'),
      0,
      PREFIX.length + 6,
      false,
    ],
    ['a cut sequence', PREFIX + Buffer.from([0xe2, 0x82]).toString('base64url'), 0, PREFIX.length + 3, false],
    [
      'a stray continuation byte',
      PREFIX + Buffer.from([0x80]).toString('base64url'),
      0,
      PREFIX.length + 2,
      false,
    ],
    [
      'the highest code point',
      PREFIX + Buffer.from('\u{10ffff}').toString('base64url'),
      0,
      PREFIX.length + 6,
      true,
    ],
  ])('isDecodable: %s is %s', (_name, text, start, end, expected) => {
    expect(bearerSubprotocol.isDecodable(text, start, end)).toBe(expected);
    expect(bearerSubprotocol.decode(text.slice(start, end)) !== null).toBe(expected);
  });

  test.each([
    ['isAt', 'abc', -1, 2, 'bearerSubprotocol.isAt() got start -1 and end 2 for a text of length 3'],
    ['isAt', 'abc', 2, 1, 'bearerSubprotocol.isAt() got start 2 and end 1 for a text of length 3'],
    [
      'isDecodable',
      'abc',
      0,
      4,
      'bearerSubprotocol.isDecodable() got start 0 and end 4 for a text of length 3',
    ],
    [
      'isDecodable',
      'abc',
      0.5,
      2,
      'bearerSubprotocol.isDecodable() got start 0.5 and end 2 for a text of length 3',
    ],
    [
      'isDecodable',
      7,
      0,
      0,
      'bearerSubprotocol.isDecodable() got start 0 and end 0 for a text of length not a string (number)',
    ],
  ] as const)('%s(%j, %s, %s) refuses the bounds', (method, text, start, end, message) => {
    const call = () => bearerSubprotocol[method](text as string, start, end);
    expect(call).toThrow(HeaderOptionsError);
    expect(call).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: `${message}; pass a string and integer bounds with 0 <= start <= end <= text.length`,
      }),
    );
  });

  test('isAt === is, and is the toLowerCase() comparison (property)', () => {
    fc.assert(
      fc.property(
        nearProtocol,
        fc.string({ maxLength: 3 }),
        fc.string({ maxLength: 3 }),
        (protocol, before, after) => {
          const text = `${before}${protocol}${after}`;
          const expected =
            protocol.length >= PREFIX.length &&
            protocol.slice(0, PREFIX.length).toLowerCase() === PREFIX.toLowerCase();
          expect(bearerSubprotocol.isAt(text, before.length, before.length + protocol.length)).toBe(expected);
          expect(bearerSubprotocol.is(protocol)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('isDecodable === decode() !== null, and decode() re-encodes to the protocol (property)', () => {
    const protocol = fc.oneof(
      nearProtocol,
      fc
        .tuple(fc.constantFrom(PREFIX, 'p.', 'BASE64URL.x', PREFIX.replace('k8s', '\u212a8s')), payload)
        .map(([prefix, rest]) => prefix + rest),
    );
    fc.assert(
      fc.property(protocol, fc.string({ maxLength: 3 }), (value, before) => {
        const text = `${before}${value},`;
        const decoded = bearerSubprotocol.decode(value);
        expect(bearerSubprotocol.isDecodable(text, before.length, before.length + value.length)).toBe(
          decoded !== null,
        );
        if (decoded !== null) expect(bearerSubprotocol.encode(decoded)).toBe(value);
      }),
      { numRuns: 5000 },
    );
  });
});
