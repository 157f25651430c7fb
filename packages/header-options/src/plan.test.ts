import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { BrowserLikeWebSocket } from './_test/browser-like.js';
import { failure, NOT_A_B64TOKEN } from './_test/failure.js';
import { bearerSubprotocol } from './bearer.js';
import { toConstructorArgs } from './create.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import type { ClientOptions } from './options.js';
import { isBearerToken } from './token.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Ws2 = require('ws2') as WebSocketConstructor;
const Undici5 = (require('undici5') as { WebSocket: WebSocketConstructor }).WebSocket;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;
const Browser = BrowserLikeWebSocket as WebSocketConstructor;
const URL_ = 'wss://api.example/socket';

const NOT_B64TOKENS: readonly [name: string, token: string, index: number, character: string][] = [
  ['a space', 'a b', 1, 'U+0020'],
  ['a comma', 'a,b', 1, 'U+002C'],
  ['a double quote', 'x"y', 1, 'U+0022'],
  ['a non-ASCII letter', 'tök', 1, 'U+00F6'],
  ['a colon (Basic credentials)', 'user:pass', 4, 'U+003A'],
  ['padding only', '==', 0, 'U+003D'],
  ['a character after the padding', 'ab=c', 3, 'U+0063'],
  ['CR LF', 'a\r\nX-Injected: 1', 1, 'U+000D'],
  ['a tab', 'a\tb', 1, 'U+0009'],
  ['above U+00FF', 'a日本', 1, 'U+65E5'],
];

describe('a bearer that goes in the Authorization header must be an RFC 6750 b64token', () => {
  test.each(NOT_B64TOKENS)('%s is INVALID_TOKEN on ws and undici', (_name, token, index, character) => {
    for (const WebSocketImpl of [Ws8, Ws2, Undici5, Undici7]) {
      expect(failure(() => toConstructorArgs(WebSocketImpl, URL_, { bearer: token }))).toEqual({
        code: 'INVALID_TOKEN',
        message: `"bearer" has the character ${character} at index ${index}, ${NOT_A_B64TOKEN}`,
      });
    }
  });

  test('a token given with its scheme is told to drop it', () => {
    expect(failure(() => toConstructorArgs(Ws8, URL_, { bearer: 'Bearer abc' }))).toEqual({
      code: 'INVALID_TOKEN',
      message: `"bearer" has the character U+0020 at index 6, ${NOT_A_B64TOKEN.replace(
        'Authorization header.',
        'Authorization header; pass the token without the "Bearer " scheme.',
      )}`,
    });
  });

  test.each([
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['every b64token punctuation and padding', 'a-b.c_d~e+f/g=='],
  ])('%s goes in the header unchanged', (_name, token) => {
    expect(toConstructorArgs(Undici7, URL_, { bearer: token })).toEqual([
      URL_,
      { protocols: [], headers: [['Authorization', `Bearer ${token}`]] },
    ]);
  });

  test('header implementations accept exactly the b64tokens, and send them as given', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }), (token) => {
        const result = failure(() => toConstructorArgs(Ws8, URL_, { bearer: token }));
        if (isBearerToken(token)) {
          expect(result).toBeUndefined();
          expect(toConstructorArgs(Ws8, URL_, { bearer: token })[2]).toEqual({
            headers: { Authorization: `Bearer ${token}` },
          });
        } else {
          expect(result?.code).toBe('INVALID_TOKEN');
        }
      }),
    );
  });
});

describe('the fallbacks carry any token', () => {
  test.each(NOT_B64TOKENS)('%s travels in the bearer subprotocol', (_name, token) => {
    const [url, protocols] = toConstructorArgs(Browser, URL_, { bearer: token, protocols: ['chat'] }) as [
      string,
      string[],
    ];
    expect(url).toBe(URL_);
    expect(protocols).toEqual(['chat', bearerSubprotocol.encode(token)]);
    expect(bearerSubprotocol.decode(protocols[1]!)).toBe(token);
  });

  test.each(NOT_B64TOKENS)('%s travels in the query, percent-encoded', (_name, token) => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const [url] = toConstructorArgs(Browser, URL_, { bearer: token, fallback: 'query' }) as [string];
      expect(new URL(url).searchParams.get('access_token')).toBe(token);
    } finally {
      emitWarning.mockRestore();
    }
  });

  test('any well-formed string survives the subprotocol fallback', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (token) => {
        const [, protocols] = toConstructorArgs(Browser, URL_, { bearer: token, protocols: ['chat'] }) as [
          string,
          string[],
        ];
        expect(bearerSubprotocol.decode(protocols[1]!)).toBe(token);
      }),
    );
  });

  test('subprotocolPrefix names the bearer subprotocol the server looks for', () => {
    expect(
      toConstructorArgs(Browser, URL_, {
        bearer: 'a b',
        protocols: ['chat'],
        subprotocolPrefix: 'bearer.example.',
      }),
    ).toEqual([URL_, ['chat', 'bearer.example.YSBi']]);
    expect(bearerSubprotocol.decode('bearer.example.YSBi', 'bearer.example.')).toBe('a b');
  });

  test.each<[string, ClientOptions]>([
    ['subprotocol', { protocols: ['chat'] }],
    ['query', { fallback: 'query' }],
  ])('a lone surrogate has no UTF-8 form: INVALID_TOKEN for the %s fallback', (_name, options) => {
    expect(failure(() => toConstructorArgs(Browser, URL_, { ...options, bearer: 'a\ud800b' }))).toEqual({
      code: 'INVALID_TOKEN',
      message:
        '"bearer" has the lone surrogate U+D800 at index 1, which has no UTF-8 form, so neither the subprotocol nor the query fallback can carry it; pass a well-formed string',
    });
  });

  test('an empty bearer is INVALID_TOKEN everywhere', () => {
    for (const WebSocketImpl of [Ws8, Undici7, Browser]) {
      expect(
        failure(() => toConstructorArgs(WebSocketImpl, URL_, { bearer: '', protocols: ['chat'] })),
      ).toEqual({
        code: 'INVALID_TOKEN',
        message:
          '"bearer" is empty; pass the token itself (without the "Bearer " scheme), or leave "bearer" out',
      });
    }
  });
});
