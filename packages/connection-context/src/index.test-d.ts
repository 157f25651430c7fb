import type { IncomingMessage } from 'node:http';
import type { QueryParams } from '@ws-compat/query-params';
import { describe, expectTypeOf, test } from 'vitest';
import type { ServerOptions } from 'ws';
import {
  type AttachOptions,
  buildConnectionContext,
  type ConnectionAuthorization,
  type ConnectionContext,
  type ConnectionContextError,
  type ConnectionContextErrorCode,
  type ContextOptions,
  contextOf,
  createUpgradeHandler,
  selectSubprotocol,
  type UpgradeHandler,
  withConnectionContext,
} from './index.js';

describe('public types', () => {
  test('buildConnectionContext takes the three sources', () => {
    expectTypeOf(buildConnectionContext).toBeCallableWith({} as IncomingMessage);
    expectTypeOf(buildConnectionContext).toBeCallableWith({} as Request, { remoteAddress: '192.0.2.1' });
    expectTypeOf(buildConnectionContext).toBeCallableWith({ upgradeReq: {} as IncomingMessage });
    expectTypeOf(buildConnectionContext).returns.toEqualTypeOf<ConnectionContext>();
  });

  test('context fields', () => {
    expectTypeOf<ConnectionContext['query']>().toEqualTypeOf<QueryParams>();
    expectTypeOf<ConnectionContext['subprotocols']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<ConnectionContext['cookies']>().toEqualTypeOf<Readonly<Record<string, string>>>();
    expectTypeOf<NonNullable<ConnectionContext['auth']>['source']>().toEqualTypeOf<
      'header' | 'subprotocol' | 'query' | 'cookie'
    >();
    expectTypeOf<NonNullable<ConnectionContext['auth']>['scheme']>().toEqualTypeOf<'Bearer'>();
    expectTypeOf<ConnectionContext['authorization']>().toEqualTypeOf<{
      readonly scheme: string;
      readonly credentials: string;
    } | null>();
    expectTypeOf<ConnectionContext['authorization']>().toEqualTypeOf<ConnectionAuthorization | null>();
    expectTypeOf<ConnectionContext['client']['family']>().toEqualTypeOf<'IPv4' | 'IPv6' | null>();
    expectTypeOf<ConnectionContext['headers']['get']>().returns.toEqualTypeOf<string | null>();
    expectTypeOf<ConnectionContext['headers']['entries']>().returns.toEqualTypeOf<
      IterableIterator<[string, string]>
    >();
  });

  test("forwardedHeader names one header; 'auto' is gone", () => {
    expectTypeOf<NonNullable<ContextOptions['forwardedHeader']>>().toEqualTypeOf<
      'x-forwarded-for' | 'forwarded'
    >();
    // @ts-expect-error 'auto' was removed: a header the client sent could decide the client
    buildConnectionContext({} as IncomingMessage, { forwardedHeader: 'auto' });
  });

  test('a hop count is not a trustProxy value', () => {
    // @ts-expect-error a hop count is spoofable and refused
    buildConnectionContext({} as IncomingMessage, { trustProxy: 1 });
    // @ts-expect-error so is true
    buildConnectionContext({} as IncomingMessage, { trustProxy: true });
    expectTypeOf(buildConnectionContext).toBeCallableWith({} as IncomingMessage, {
      trustProxy: (_address: string, hop: number) => hop === 0,
    });
  });

  test('withConnectionContext output is ws 8 ServerOptions and keeps the input keys', () => {
    const options = withConnectionContext({ port: 0, clientTracking: false }, { protocols: ['chat'] });
    expectTypeOf(options).toExtend<ServerOptions>();
    expectTypeOf(options.port).toEqualTypeOf<number>();
  });

  test('contextOf, selectSubprotocol, errors', () => {
    expectTypeOf(contextOf).returns.toEqualTypeOf<ConnectionContext | undefined>();
    expectTypeOf(selectSubprotocol).returns.toEqualTypeOf<string | false>();
    expectTypeOf(selectSubprotocol).toBeCallableWith(new Set(['a']), ['a']);
    expectTypeOf<ConnectionContextError['code']>().toEqualTypeOf<ConnectionContextErrorCode>();
  });
});

describe('options are read once', () => {
  test('the option fields are readonly, so a later change is a type error', () => {
    const options: ContextOptions = { trustProxy: ['loopback'] };
    // @ts-expect-error options are read once, when first used: pass a new object instead
    options.trustProxy = false;
    // @ts-expect-error the same for every option read at compile time
    options.tokenSources = ['query'];
    const attach: AttachOptions = { protocols: ['chat'] };
    // @ts-expect-error withConnectionContext reads its options once too
    attach.protocols = ['other'];
    expectTypeOf<ContextOptions['remoteAddress']>().toEqualTypeOf<string | undefined>();
  });

  test("createUpgradeHandler takes a ws server and returns an 'upgrade' listener", () => {
    type Wss = import('ws').WebSocketServer;
    const handler = createUpgradeHandler({} as Wss, { requireAuth: true });
    expectTypeOf(handler).toEqualTypeOf<UpgradeHandler>();
    expectTypeOf(handler).parameter(0).toEqualTypeOf<IncomingMessage>();
    const server = {} as import('node:http').Server;
    server.on('upgrade', handler);
    // @ts-expect-error the options are the attach options
    createUpgradeHandler({} as Wss, { allowOrigins: 1 });
  });
});
