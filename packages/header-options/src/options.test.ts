import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BrowserLikeWebSocket } from './_test/browser-like.js';
import { failure } from './_test/failure.js';
import { createWebSocket, toConstructorArgs } from './create.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import type { ClientOptions } from './options.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;
const URL_ = 'ws://127.0.0.1:1234/';
const PREFIX = 'base64url.bearer.authorization.k8s.io.';

describe('INVALID_OPTION: an option of the wrong type or range, on every implementation', () => {
  test.each<[string, unknown, string]>([
    [
      'options that are a string',
      'x',
      'The options must be an object such as { headers, protocols, bearer }, got "x"',
    ],
    [
      'options that are null',
      null,
      'The options must be an object such as { headers, protocols, bearer }, got null',
    ],
    [
      'an unknown implementation',
      { implementation: 'x' },
      "\"implementation\" must be 'ws', 'undici', 'node' or 'browser', got \"x\"",
    ],
    [
      'a fallback that is not one of the three',
      { fallback: 'nope' },
      "\"fallback\" must be 'subprotocol', 'query' or 'error', got \"nope\"",
    ],
    [
      'a fallback of the wrong type',
      { fallback: 1 },
      "\"fallback\" must be 'subprotocol', 'query' or 'error', got 1",
    ],
    [
      'an empty tokenQueryParam',
      { tokenQueryParam: '' },
      '"tokenQueryParam" must be a non-empty string (the query parameter for fallback: \'query\'), got ""',
    ],
    [
      'a tokenQueryParam that is not a string',
      { tokenQueryParam: ['t'] },
      '"tokenQueryParam" must be a non-empty string (the query parameter for fallback: \'query\'), got an array',
    ],
    [
      'native that is a string',
      { native: 'fast' },
      '"native" must be an object of implementation options, got "fast"',
    ],
    [
      'native that is null',
      { native: null },
      '"native" must be an object of implementation options, got null',
    ],
    [
      'native that is an array',
      { native: [] },
      '"native" must be an object of implementation options, got an array',
    ],
    [
      'headers that are a number',
      { headers: 42 },
      '"headers" must be a record, Headers, Map or [name, value] pairs, got 42',
    ],
    [
      'a legacy header option that is a string',
      { extraHeaders: 'X-A: 1' },
      '"extraHeaders" must be a record, Headers, Map or [name, value] pairs, got "X-A: 1"',
    ],
    [
      'protocols that are a number',
      { protocols: 7 },
      '"protocols" must be a string or an array of strings, got 7',
    ],
    [
      'protocols that are a Set',
      { protocols: new Set(['chat']) },
      '"protocols" must be a string or an array of strings, got an object',
    ],
    [
      'an origin that is a URL object',
      { origin: new URL('https://a.example') },
      '"origin" must be a string such as \'https://app.example\', got an object',
    ],
    [
      'a bearer that is a number (never echoed)',
      { bearer: 12345 },
      '"bearer" must be a string (the token), got a value of type number',
    ],
    ['a bearer that is null', { bearer: null }, '"bearer" must be a string (the token), got null'],
    [
      'a subprotocolPrefix that is not a string',
      { subprotocolPrefix: 42 },
      `"subprotocolPrefix" must be a string, such as the default "${PREFIX}", got 42`,
    ],
    [
      'an empty subprotocolPrefix',
      { subprotocolPrefix: '' },
      `"subprotocolPrefix" is empty; the bearer subprotocol needs a prefix the server recognises, such as the default "${PREFIX}"`,
    ],
    [
      'a subprotocolPrefix that is not a token',
      { subprotocolPrefix: 'my prefix.' },
      `"subprotocolPrefix" "my prefix." has the invalid character U+0020 at index 2; the prefix starts a subprotocol, an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={}), such as the default "${PREFIX}"`,
    ],
    [
      'a subprotocolPrefix with a separator',
      { subprotocolPrefix: 'bearer/' },
      `"subprotocolPrefix" "bearer/" has the invalid character U+002F at index 6; the prefix starts a subprotocol, an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={}), such as the default "${PREFIX}"`,
    ],
  ])('%s', (_name, options, message) => {
    for (const WebSocketImpl of [Ws8, Undici7, BrowserLikeWebSocket as WebSocketConstructor]) {
      expect(failure(() => toConstructorArgs(WebSocketImpl, URL_, options as ClientOptions))).toEqual({
        code: 'INVALID_OPTION',
        message,
      });
    }
  });

  test('any value of the wrong type for fallback or implementation is INVALID_OPTION, never accepted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('fallback', 'implementation'),
        fc
          .anything()
          .filter(
            (value) =>
              value !== undefined &&
              !['subprotocol', 'query', 'error', 'ws', 'undici', 'node', 'browser'].includes(value as string),
          ),
        (name, value) => {
          const result = failure(() => toConstructorArgs(Ws8, URL_, { [name]: value } as ClientOptions));
          expect(result?.code).toBe('INVALID_OPTION');
          expect(result?.message.startsWith(`"${name}" must be `)).toBe(true);
        },
      ),
    );
  });
});

describe('CONFLICTING_OPTIONS: only two options that contradict each other', () => {
  test.each<[string, WebSocketConstructor, ClientOptions, string]>([
    [
      'headers and extraHeaders',
      Ws8,
      { headers: {}, extraHeaders: {} },
      '"headers" and "extraHeaders" both give headers; pass them once, as "headers"',
    ],
    [
      'bearer and an Authorization header',
      Undici7,
      { bearer: 't0k', headers: { Authorization: 'Basic x' } },
      '"bearer" and the header "Authorization" both set Authorization; keep one of them',
    ],
    [
      'origin and an Origin header',
      Undici7,
      { origin: 'http://a', headers: { origin: 'http://b' } },
      '"origin" and the header "origin" both set the Origin; keep one of them',
    ],
    [
      'origin and native.origin',
      Ws8,
      { origin: 'http://a', native: { origin: 'http://b' } },
      '"origin" and "native.origin" both set the Origin; keep "origin"',
    ],
    [
      'native.headers and headers',
      Ws8,
      { native: { headers: {} } },
      '"native.headers" would bypass validation; pass "headers" as a top-level option',
    ],
  ])('%s', (_name, WebSocketImpl, options, message) => {
    expect(failure(() => toConstructorArgs(WebSocketImpl, URL_, options))).toEqual({
      code: 'CONFLICTING_OPTIONS',
      message,
    });
  });
});

describe('options are read once: what is validated is what is sent', () => {
  test('every option property is read exactly once, however the plan uses it', () => {
    const reads = new Map<PropertyKey, number>();
    const options = new Proxy(
      {
        bearer: 't0k',
        origin: 'http://app.example',
        protocols: ['chat'],
        headers: { 'X-A': '1' },
        native: { perMessageDeflate: false },
      },
      {
        get(target, property, receiver) {
          reads.set(property, (reads.get(property) ?? 0) + 1);
          return Reflect.get(target, property, receiver);
        },
      },
    ) as ClientOptions;
    toConstructorArgs(Ws8, URL_, options);
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    expect(reads.get('bearer')).toBe(1);
    expect(reads.get('origin')).toBe(1);
  });

  test('a getter that changes its answer cannot slip an unvalidated bearer past the checks', () => {
    let calls = 0;
    const options = {
      get bearer() {
        calls++;
        return calls === 1 ? 't0k' : 'a\r\nX-Injected: 1';
      },
    } as ClientOptions;
    // Read once: the token that was validated is the token that is sent.
    expect(toConstructorArgs(Ws8, URL_, options)).toEqual([
      URL_,
      [],
      { headers: { Authorization: 'Bearer t0k' } },
    ]);
    expect(calls).toBe(1);
  });

  test('native that hides "headers" from `in` but yields it when copied is still refused', () => {
    const native = new Proxy({ headers: { 'X-Sneaky': '1' } } as Record<string, unknown>, {
      has: () => false,
    });
    expect(failure(() => toConstructorArgs(Undici7, URL_, { native }))).toEqual({
      code: 'CONFLICTING_OPTIONS',
      message: '"native.headers" would bypass validation; pass "headers" as a top-level option',
    });
  });

  test('mutating the options after the call changes nothing already built, and the next call sees the change', () => {
    const headers: Record<string, string> = { 'X-A': '1' };
    const protocols = ['chat'];
    const native: Record<string, unknown> = { perMessageDeflate: false };
    const options: ClientOptions = { headers, protocols, native };
    const first = toConstructorArgs(Ws8, URL_, options);
    headers['X-B'] = '2';
    protocols.push('superchat');
    native['handshakeTimeout'] = 5;
    expect(first).toEqual([URL_, ['chat'], { headers: { 'X-A': '1' }, perMessageDeflate: false }]);
    expect(toConstructorArgs(Ws8, URL_, options)).toEqual([
      URL_,
      ['chat', 'superchat'],
      { headers: { 'X-A': '1', 'X-B': '2' }, perMessageDeflate: false, handshakeTimeout: 5 },
    ]);
  });

  test('createWebSocket hands the implementation copies, not the caller objects', () => {
    const seen: unknown[][] = [];
    class Recording extends (Ws8 as unknown as new (...args: unknown[]) => object) {
      constructor(...args: unknown[]) {
        seen.push(args);
        super('ws://127.0.0.1:9/', [], { headers: {} });
        (this as unknown as { on(event: string, listener: () => void): void }).on('error', () => {});
      }
    }
    const native = { perMessageDeflate: false };
    createWebSocket(Recording as unknown as WebSocketConstructor, URL_, { native });
    const passed = seen[0]![2] as Record<string, unknown>;
    expect(passed).toEqual({ perMessageDeflate: false });
    expect(passed).not.toBe(native);
  });
});
