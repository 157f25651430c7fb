import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { failure, NOT_A_B64TOKEN } from './_test/failure.js';
import { toConstructorArgs } from './create.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import type { ClientOptions } from './options.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Ws2 = require('ws2') as WebSocketConstructor;
const Undici6 = (require('undici6') as { WebSocket: WebSocketConstructor }).WebSocket;
const Undici5 = (require('undici5') as { WebSocket: WebSocketConstructor }).WebSocket;
const URL_ = 'ws://127.0.0.1:1234/path?x=1';

describe('toConstructorArgs: the call shape each implementation honours', () => {
  const full: ClientOptions = {
    headers: { 'X-Custom': 'hello' },
    protocols: ['chat', 'superchat'],
    origin: 'http://app.example',
    bearer: 't0k',
  };

  test.each<[string, WebSocketConstructor, ClientOptions | undefined, readonly unknown[]]>([
    ['ws 8, nothing', Ws8, undefined, [URL_, [], {}]],
    [
      'ws 8: protocols positional, headers record, origin option',
      Ws8,
      full,
      [
        URL_,
        ['chat', 'superchat'],
        { headers: { 'X-Custom': 'hello', Authorization: 'Bearer t0k' }, origin: 'http://app.example' },
      ],
    ],
    [
      'ws 2: the same shape',
      Ws2,
      full,
      [
        URL_,
        ['chat', 'superchat'],
        { headers: { 'X-Custom': 'hello', Authorization: 'Bearer t0k' }, origin: 'http://app.example' },
      ],
    ],
    [
      'ws: native options after ours',
      Ws8,
      { protocols: 'chat', native: { perMessageDeflate: false, handshakeTimeout: 5000 } },
      [URL_, ['chat'], { perMessageDeflate: false, handshakeTimeout: 5000 }],
    ],
    [
      'undici: one init dictionary, Origin as a header',
      Undici6,
      full,
      [
        URL_,
        {
          protocols: ['chat', 'superchat'],
          headers: [
            ['X-Custom', 'hello'],
            ['Authorization', 'Bearer t0k'],
            ['Origin', 'http://app.example'],
          ],
        },
      ],
    ],
    [
      'undici: native dispatcher passed through',
      Undici6,
      { native: { dispatcher: 'my-agent' } },
      [URL_, { protocols: [], headers: [], dispatcher: 'my-agent' }],
    ],
    [
      'undici 5: one subprotocol',
      Undici5,
      { protocols: 'chat' },
      [URL_, { protocols: ['chat'], headers: [] }],
    ],
    [
      'a URL object; non-ASCII is percent-encoded once, for every implementation',
      Ws8,
      undefined,
      ['ws://127.0.0.1:1234/caf%C3%A9?q=%C3%A9', [], {}],
    ],
  ])('%s', (name, WebSocketImpl, options, expected) => {
    const url = name.startsWith('a URL object') ? new URL('ws://127.0.0.1:1234/café?q=é') : URL_;
    expect(toConstructorArgs(WebSocketImpl, url, options)).toEqual(expected);
  });
});

describe('toConstructorArgs: option refusals', () => {
  test.each<[string, WebSocketConstructor, unknown, ClientOptions, string, string]>([
    [
      'two header options',
      Ws8,
      URL_,
      { headers: { A: '1' }, extraHeaders: { B: '2' } },
      'CONFLICTING_OPTIONS',
      '"headers" and "extraHeaders" both give headers; pass them once, as "headers"',
    ],
    [
      'two legacy header options',
      Ws8,
      URL_,
      { extra_headers: { A: '1' }, additional_headers: { B: '2' } },
      'CONFLICTING_OPTIONS',
      '"extra_headers" and "additional_headers" both give headers; pass them once, as "headers"',
    ],
    [
      'bearer and Authorization',
      Undici6,
      URL_,
      { bearer: 't0k', headers: { authorization: 'Basic x' } },
      'CONFLICTING_OPTIONS',
      '"bearer" and the header "authorization" both set Authorization; keep one of them',
    ],
    [
      'origin and an Origin header',
      Ws8,
      URL_,
      { origin: 'http://a', headers: [['Origin', 'http://b']] },
      'CONFLICTING_OPTIONS',
      '"origin" and the header "Origin" both set the Origin; keep one of them',
    ],
    [
      'native headers',
      Ws8,
      URL_,
      { native: { headers: { A: '1' } } },
      'CONFLICTING_OPTIONS',
      '"native.headers" would bypass validation; pass "headers" as a top-level option',
    ],
    [
      'native protocols',
      Undici6,
      URL_,
      { native: { protocols: ['x'] } },
      'CONFLICTING_OPTIONS',
      '"native.protocols" would bypass validation; pass "protocols" as a top-level option',
    ],
    [
      'origin and native.origin',
      Ws8,
      URL_,
      { origin: 'http://a', native: { origin: 'http://b' } },
      'CONFLICTING_OPTIONS',
      '"origin" and "native.origin" both set the Origin; keep "origin"',
    ],
    [
      'native that is not an object',
      Ws8,
      URL_,
      { native: 'fast' as unknown as Record<string, unknown> },
      'INVALID_OPTION',
      '"native" must be an object of implementation options, got "fast"',
    ],
    [
      'an unknown implementation override',
      Ws8,
      URL_,
      { implementation: 'bun' as 'ws' },
      'INVALID_OPTION',
      "\"implementation\" must be 'ws', 'undici', 'node' or 'browser', got \"bun\"",
    ],
    [
      'two subprotocols on undici 5',
      Undici5,
      URL_,
      { protocols: ['chat', 'superchat'] },
      'TOO_MANY_SUBPROTOCOLS',
      '2 subprotocols (chat, superchat) are offered, but undici 5 fails every handshake that offers more than 1 ("Protocol was not set in the opening handshake."); offer one, or use undici 6 or later',
    ],
    [
      'an empty bearer',
      Ws8,
      URL_,
      { bearer: '' },
      'INVALID_TOKEN',
      '"bearer" is empty; pass the token itself (without the "Bearer " scheme), or leave "bearer" out',
    ],
    [
      'a bearer with CR LF',
      Ws8,
      URL_,
      { bearer: 'a\r\nX: 1' },
      'INVALID_TOKEN',
      `"bearer" has the character U+000D at index 1, ${NOT_A_B64TOKEN}`,
    ],
    [
      'a bearer with padding',
      Ws8,
      URL_,
      { bearer: ' t0k' },
      'INVALID_TOKEN',
      `"bearer" has the character U+0020 at index 0, ${NOT_A_B64TOKEN}`,
    ],
    [
      'an empty origin',
      Ws8,
      URL_,
      { origin: '' },
      'INVALID_HEADER_VALUE',
      '"origin" must be a non-empty string such as \'https://app.example\', got ""',
    ],
    [
      'a non-ASCII origin',
      Ws8,
      URL_,
      { origin: 'http://日本.example' },
      'INVALID_HEADER_VALUE',
      '"origin" has the invalid character U+65E5 at index 7; an origin is scheme://host[:port] in ASCII (punycode for international names)',
    ],
    [
      'a relative URL',
      Ws8,
      '/socket',
      {},
      'INVALID_URL',
      '"/socket" is not an absolute URL; pass one such as \'wss://example.com/socket\'',
    ],
    [
      'an ftp URL',
      Ws8,
      'ftp://h/',
      {},
      'INVALID_URL',
      'The URL "ftp://h/" has the scheme "ftp:"; use ws: or wss: (http: and https: also work)',
    ],
    [
      'a fragment',
      Undici6,
      'ws://h/#x',
      {},
      'INVALID_URL',
      'The URL "ws://h/#x" has a fragment, which ws 8 and undici refuse and ws 2 to 7 silently drop; remove it',
    ],
    ['a URL that is a number', Ws8, 42, {}, 'INVALID_URL', 'The URL must be a string or a URL, got number'],
    [
      'a bad fallback, even where headers work',
      Ws8,
      URL_,
      { bearer: 't0k', fallback: 'cookie' as 'query' },
      'INVALID_OPTION',
      "\"fallback\" must be 'subprotocol', 'query' or 'error', got \"cookie\"",
    ],
    [
      'an empty tokenQueryParam',
      Undici6,
      URL_,
      { tokenQueryParam: '' },
      'INVALID_OPTION',
      '"tokenQueryParam" must be a non-empty string (the query parameter for fallback: \'query\'), got ""',
    ],
  ])('%s', (_name, WebSocketImpl, url, options, code, message) => {
    expect(failure(() => toConstructorArgs(WebSocketImpl, url as string, options))).toEqual({
      code,
      message,
    });
  });
});
