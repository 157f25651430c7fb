import { createRequire } from 'node:module';
import { describe, expectTypeOf, test } from 'vitest';
import type { WebSocket as WsWebSocket } from 'ws';
import {
  type BearerSubprotocol,
  bearerSubprotocol,
  type ClientOptions,
  type ConnectOptions,
  connect,
  createWebSocket,
  detectImplementation,
  type HandshakeErrorCode,
  type HeaderInit,
  type HeaderOptionsErrorCode,
  type ImplementationKind,
  isValidSubprotocol,
  normalizeHeaders,
  toConstructorArgs,
} from './index.js';

const require = createRequire(import.meta.url);
const Ws = require('ws8') as typeof WsWebSocket;

describe('public types', () => {
  test('createWebSocket and connect return the implementation instance type', () => {
    expectTypeOf(createWebSocket(Ws, 'ws://h/')).toEqualTypeOf<WsWebSocket>();
    expectTypeOf(connect(Ws, 'ws://h/')).toEqualTypeOf<Promise<WsWebSocket>>();
    expectTypeOf(createWebSocket(WebSocket, 'ws://h/')).toEqualTypeOf<WebSocket>();
    expectTypeOf(connect(WebSocket, new URL('ws://h/'), { timeoutMs: 1 })).toEqualTypeOf<
      Promise<WebSocket>
    >();
    expectTypeOf(toConstructorArgs(Ws, 'ws://h/')).toEqualTypeOf<readonly unknown[]>();
  });

  test('HeaderInit takes records, Headers, Maps and pairs', () => {
    expectTypeOf<{
      'X-A': string;
      'X-B': number;
      'X-C': string[];
      'X-D': undefined;
    }>().toExtend<HeaderInit>();
    expectTypeOf<Headers>().toExtend<HeaderInit>();
    expectTypeOf<Map<string, string>>().toExtend<HeaderInit>();
    expectTypeOf<[string, string][]>().toExtend<HeaderInit>();
    expectTypeOf<{ 'X-A': boolean }>().not.toExtend<HeaderInit>();
    expectTypeOf(normalizeHeaders).returns.toEqualTypeOf<[name: string, value: string][]>();
  });

  test('options', () => {
    expectTypeOf<ClientOptions['fallback']>().toEqualTypeOf<'subprotocol' | 'query' | 'error' | undefined>();
    expectTypeOf<ClientOptions['implementation']>().toEqualTypeOf<
      'ws' | 'undici' | 'node' | 'browser' | undefined
    >();
    expectTypeOf<ConnectOptions>().toExtend<ClientOptions>();
    expectTypeOf<ClientOptions['subprotocolPrefix']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ConnectOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    // @ts-expect-error: protocols are strings
    createWebSocket(Ws, 'ws://h/', { protocols: [1] });
  });

  test('detection, codes and the bearer codec', () => {
    expectTypeOf(detectImplementation(Ws).kind).toEqualTypeOf<ImplementationKind>();
    expectTypeOf<ImplementationKind>().toEqualTypeOf<'ws' | 'undici' | 'node' | 'browser' | 'unknown'>();
    expectTypeOf<HandshakeErrorCode>().toEqualTypeOf<
      'TIMEOUT' | 'REFUSED' | 'REJECTED' | 'SUBPROTOCOL' | 'ABORTED' | 'NETWORK'
    >();
    expectTypeOf<'HEADERS_UNSUPPORTED'>().toExtend<HeaderOptionsErrorCode>();
    expectTypeOf<'BLOCKED_PORT' | 'INVALID_TOKEN' | 'INVALID_OPTION'>().toExtend<HeaderOptionsErrorCode>();
    expectTypeOf(detectImplementation(Ws).handshakeGuard).toEqualTypeOf<boolean>();
    expectTypeOf(bearerSubprotocol).toEqualTypeOf<BearerSubprotocol>();
    expectTypeOf(bearerSubprotocol.decode).returns.toEqualTypeOf<string | null>();
    expectTypeOf(bearerSubprotocol.isAt).toEqualTypeOf<
      (text: string, start: number, end: number, prefix?: string) => boolean
    >();
    expectTypeOf(bearerSubprotocol.isDecodable).toEqualTypeOf<
      (text: string, start: number, end: number, prefix?: string) => boolean
    >();
    expectTypeOf(isValidSubprotocol).toEqualTypeOf<(name: string) => boolean>();
  });
});
