import { createRequire } from 'node:module';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { toConstructorArgs } from './create.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import { FETCH_BAD_PORTS } from './port-blocking.js';

// planHandshake remembers the last URL text that passed its checks (a measured hot path: one
// `new URL` per connect). These properties prove that interleaved calls with other URLs, failing
// ones included, and a caller's edits to a URL object never see another call's answer.

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;

/** What the plan must send for `text`, from a fresh parse; or the error code. */
function oracle(text: string, implementation: 'ws' | 'undici'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'INVALID_URL';
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol) || text.includes('#')) return 'INVALID_URL';
  if (implementation === 'undici' && url.port !== '' && FETCH_BAD_PORTS.includes(Number(url.port))) {
    return 'BLOCKED_PORT';
  }
  return url.href;
}

function actual(text: string, implementation: 'ws' | 'undici'): string {
  try {
    const args = toConstructorArgs(implementation === 'ws' ? Ws8 : Undici7, text);
    return String(args[0]);
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const urlText = fc.oneof(
  fc.constantFrom(
    'ws://127.0.0.1:8080/echo',
    'ws://127.0.0.1:8080/echo?x=1',
    'WSS://Example.COM/a b',
    'ws://h:25/',
    'ws://h:0/',
    'ftp://h/',
    'ws://h/#frag',
    'not a url',
    'ws://[::1]:9000/',
    'wss://例え.テスト/パス',
  ),
  fc
    .tuple(fc.constantFrom('ws', 'wss', 'http', 'ftp'), fc.integer({ min: 0, max: 70000 }), fc.string())
    .map(([scheme, port, path]) => `${scheme}://127.0.0.1:${port}/${path}`),
);

test('interleaved calls with any URLs, valid or not, each get their own answer', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(urlText, fc.constantFrom('ws' as const, 'undici' as const)), {
        minLength: 1,
        maxLength: 20,
      }),
      (calls) => {
        for (const [text, implementation] of calls) {
          expect(actual(text, implementation)).toBe(oracle(text, implementation));
          // The same text again, right away: the remembered answer must equal the fresh one.
          expect(actual(text, implementation)).toBe(oracle(text, implementation));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test.each([
  {
    name: 'port',
    edit: (url: URL) => {
      url.port = '9001';
    },
    expected: 'ws://127.0.0.1:9001/echo',
  },
  {
    name: 'path',
    edit: (url: URL) => {
      url.pathname = '/other';
    },
    expected: 'ws://127.0.0.1:8080/other',
  },
  {
    name: 'a fragment',
    edit: (url: URL) => {
      url.hash = 'x';
    },
    expected: 'INVALID_URL',
  },
])('a URL object edited after a call ($name) is read again', ({ edit, expected }) => {
  const url = new URL('ws://127.0.0.1:8080/echo');
  expect(actual(url as unknown as string, 'ws')).toBe('ws://127.0.0.1:8080/echo');
  edit(url);
  expect(actual(url as unknown as string, 'ws')).toBe(expected);
});

test('the plan never hands out an object the next call could change', () => {
  const first = toConstructorArgs(Ws8, 'ws://127.0.0.1:8080/echo');
  const second = toConstructorArgs(Ws8, 'ws://127.0.0.1:8080/echo');
  expect(typeof first[0]).toBe('string');
  expect(second[0]).toBe(first[0]);
});
