import { refusingPort } from '@ws-compat/wire';
import { afterAll, afterEach, beforeAll, describe, expect, onTestFinished, test, vi } from 'vitest';
import { BrowserLikeWebSocket } from './_test/browser-like.js';
import { type RecordingServer, startRecordingServer } from './_test/server.js';
import { bearerSubprotocol } from './bearer.js';
import { connect } from './connect.js';
import { createWebSocket, toConstructorArgs } from './create.js';
import { resetWarningsForTests } from './deprecation.js';
import { HandshakeError, HeaderOptionsError } from './errors.js';
import { detectImplementation } from './implementations/detect.js';
import type { ClientOptions } from './options.js';

const URL_ = 'wss://api.example/socket?room=1';
const TOKEN_PROTOCOL = `${bearerSubprotocol.prefix}dDBr`;

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('browser-like implementations', () => {
  test('are detected by shape: a WHATWG WebSocket that takes no options object', () => {
    expect(detectImplementation(BrowserLikeWebSocket)).toEqual({
      kind: 'browser',
      headers: false,
      maxProtocols: Infinity,
      version: null,
      handshakeGuard: false,
    });
  });

  test.each<[string, ClientOptions | undefined, readonly unknown[]]>([
    ['no options', undefined, ['wss://api.example/socket?room=1']],
    ['protocols only', { protocols: ['chat'] }, ['wss://api.example/socket?room=1', ['chat']]],
    [
      'bearer, default subprotocol fallback after the app protocols',
      { protocols: ['chat', 'v2.chat'], bearer: 't0k' },
      ['wss://api.example/socket?room=1', ['chat', 'v2.chat', TOKEN_PROTOCOL]],
    ],
    [
      'bearer, query fallback',
      { bearer: 't0k', fallback: 'query' },
      ['wss://api.example/socket?room=1&access_token=t0k'],
    ],
    [
      'bearer, query fallback with a custom parameter and characters to escape',
      { bearer: 'a+b/c=', fallback: 'query', tokenQueryParam: 'token' },
      ['wss://api.example/socket?room=1&token=a%2Bb%2Fc%3D'],
    ],
    [
      'headers: undefined values only',
      { headers: { 'X-Skip': undefined } },
      ['wss://api.example/socket?room=1'],
    ],
  ])('%s', (_name, options, expected) => {
    expect(toConstructorArgs(BrowserLikeWebSocket, URL_, options)).toEqual(expected);
  });

  test.each<[string, ClientOptions, string, string]>([
    [
      'headers',
      { headers: { 'X-Custom': 'hello', 'X-Trace': '1' } },
      'HEADERS_UNSUPPORTED',
      'A browser-like WebSocket (a constructor taking only url and protocols) cannot send headers: X-Custom, X-Trace. Send them in the first message, or use bearer with a fallback for a token',
    ],
    [
      'origin',
      { origin: 'http://app.example' },
      'HEADERS_UNSUPPORTED',
      'A browser-like WebSocket (a constructor taking only url and protocols) cannot send headers: Origin (the "origin" option). Send them in the first message, or use bearer with a fallback for a token',
    ],
    [
      'bearer without an app protocol',
      { bearer: 't0k' },
      'HEADERS_UNSUPPORTED',
      "A browser-like WebSocket (a constructor taking only url and protocols) cannot send an Authorization header, and the subprotocol fallback needs an app protocol too: the client fails the connection unless the server echoes a subprotocol it offered, and the server must never echo the token. Pass protocols: ['your-protocol'], or fallback: 'query'",
    ],
    [
      "bearer with fallback 'error'",
      { bearer: 't0k', protocols: ['chat'], fallback: 'error' },
      'HEADERS_UNSUPPORTED',
      "A browser-like WebSocket (a constructor taking only url and protocols) cannot send an Authorization header and fallback is 'error'; use fallback: 'subprotocol' (with an app protocol) or 'query', or an implementation that sends headers (ws, undici)",
    ],
    [
      'native options',
      { native: { perMessageDeflate: false } },
      'CONFLICTING_OPTIONS',
      '"native" cannot be passed to a browser-like WebSocket, which takes only (url, protocols); remove "native"',
    ],
    [
      'a token already in the query',
      { bearer: 't0k', fallback: 'query', tokenQueryParam: 'room' },
      'CONFLICTING_OPTIONS',
      'The URL already has a "room" query parameter and "bearer" would add another; remove it or set "tokenQueryParam"',
    ],
    [
      'an unknown fallback',
      { bearer: 't0k', fallback: 'cookie' as 'query' },
      'INVALID_OPTION',
      "\"fallback\" must be 'subprotocol', 'query' or 'error', got \"cookie\"",
    ],
  ])('refuses %s', (_name, options, code, message) => {
    const error = caught(() => createWebSocket(BrowserLikeWebSocket, URL_, options));
    expect(error).toBeInstanceOf(HeaderOptionsError);
    expect(error).toMatchObject({ code, message });
  });

  test("fallback 'query' warns once per process that the token ends up in logs", () => {
    resetWarningsForTests();
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      toConstructorArgs(BrowserLikeWebSocket, URL_, { bearer: 't0k', fallback: 'query' });
      toConstructorArgs(BrowserLikeWebSocket, URL_, { bearer: 't1k', fallback: 'query' });
      expect(emitWarning.mock.calls).toEqual([
        [
          'fallback \'query\' puts the bearer token in the URL ("access_token"), where servers, proxies and browser history log it; prefer the subprotocol fallback.',
          { type: 'Warning', code: 'WS_COMPAT_TOKEN_IN_QUERY' },
        ],
      ]);
    } finally {
      emitWarning.mockRestore();
    }
  });

  describe('against a real server', () => {
    let server: RecordingServer;
    const open: BrowserLikeWebSocket[] = [];
    beforeAll(async () => {
      server = await startRecordingServer();
    });
    afterEach(() => {
      for (const socket of open.splice(0)) socket.close();
      server.mode = 'accept';
    });
    afterAll(async () => {
      await server.close();
    });

    test('the subprotocol fallback carries the token; the server selects the app protocol', async () => {
      const socket = await connect(BrowserLikeWebSocket, server.url, {
        bearer: 'héllo t0k',
        protocols: ['chat'],
      });
      open.push(socket);
      expect(socket.protocol).toBe('chat');
      const offered = server.handshakes.at(-1)!.offered!;
      expect(offered).toHaveLength(2);
      expect(offered[0]).toBe('chat');
      expect(bearerSubprotocol.is(offered[1]!)).toBe(true);
      expect(bearerSubprotocol.decode(offered[1]!)).toBe('héllo t0k');
    });

    test('the query fallback puts the token in the request target', async () => {
      const socket = await connect(BrowserLikeWebSocket, server.url, { bearer: 't0k', fallback: 'query' });
      open.push(socket);
      expect(server.handshakes.at(-1)!.url).toBe('/path?x=1&access_token=t0k');
    });

    test.each([
      ['reject-401', ['chat']],
      ['select-unoffered', ['chat']],
    ] as const)(
      'a failed handshake (%s) rejects with NETWORK: browsers give no reason',
      async (mode, protocols) => {
        server.mode = mode;
        const error = await connect(BrowserLikeWebSocket, server.url, { protocols: [...protocols] }).catch(
          (caughtError: unknown) => caughtError,
        );
        expect(error).toBeInstanceOf(HandshakeError);
        expect(error).toMatchObject({
          code: 'NETWORK',
          status: null,
          message: `The WebSocket handshake with ${server.url} failed: the browser gave no reason`,
        });
      },
    );

    test('connection refused rejects with NETWORK too', async () => {
      const refusing = await refusingPort();
      onTestFinished(() => refusing.release());
      const url = `ws://127.0.0.1:${refusing.port}/`;
      await expect(connect(BrowserLikeWebSocket, url)).rejects.toMatchObject({
        code: 'NETWORK',
        message: `The WebSocket handshake with ${url} failed: the browser gave no reason`,
      });
    });
  });
});

describe('unknown implementations', () => {
  class Unknown {
    constructor(
      readonly url: string,
      readonly protocols?: string[],
    ) {}
  }

  test('are detected as unknown and called as (url, protocols)', () => {
    expect(detectImplementation(Unknown)).toEqual({
      kind: 'unknown',
      headers: false,
      maxProtocols: Infinity,
      version: null,
      handshakeGuard: false,
    });
    expect(detectImplementation('WebSocket')).toEqual({
      kind: 'unknown',
      headers: false,
      maxProtocols: Infinity,
      version: null,
      handshakeGuard: false,
    });
    expect(toConstructorArgs(Unknown, 'ws://h/', { protocols: 'chat' })).toEqual(['ws://h/', ['chat']]);
  });

  test('refuse headers unless implementation says how to call them', () => {
    const error = caught(() => toConstructorArgs(Unknown, 'ws://h/', { headers: { 'X-A': '1' } }));
    expect(error).toMatchObject({
      code: 'HEADERS_UNSUPPORTED',
      message:
        "An unrecognised WebSocket implementation cannot send headers: X-A. If it takes ws-style or undici-style options, say so with implementation: 'ws' or 'undici'",
    });
    expect(toConstructorArgs(Unknown, 'ws://h/', { headers: { 'X-A': '1' }, implementation: 'ws' })).toEqual([
      'ws://h/',
      [],
      { headers: { 'X-A': '1' } },
    ]);
    expect(
      toConstructorArgs(Unknown, 'ws://h/', { headers: { 'X-A': '1' }, implementation: 'undici' }),
    ).toEqual(['ws://h/', { protocols: [], headers: [['X-A', '1']] }]);
  });
});
