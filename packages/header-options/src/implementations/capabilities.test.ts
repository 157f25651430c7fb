// Each row of the capability table, checked on the real versions it names. A failure here is the
// first sign that an upstream release changed what the shim relies on.
import { createRequire } from 'node:module';
import { refusingPort } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../_test/server.js';
import {
  CAPABILITIES,
  UNDICI_GLOBAL_DISPATCHERS,
  UNDICI_SOURCE_MARK,
  UNDICI5_SOURCE_MARK,
  WS_PAUSED_FLAG,
  WS_RAW_SOCKET_FIELD,
  WS_RESPONSE_EVENTS,
  WS_UNEXPECTED_RESPONSE_EVENT,
} from './capabilities.js';
import { hasUnofferedSubprotocolCrash } from './undici.js';

const require = createRequire(import.meta.url);

interface WsClient {
  readonly readyState: number;
  on(event: string, listener: (...args: never[]) => void): void;
  terminate(): void;
  close(): void;
}
type WsClass = new (url: string, protocols?: string[], options?: object) => WsClient;
const WS = ['ws2', 'ws3', 'ws4', 'ws5', 'ws6', 'ws7', 'ws8'] as const;
const UNDICI = ['undici5', 'undici6', 'undici7'] as const;
const wsClass = (alias: string): WsClass => require(alias) as WsClass;
const major = (alias: string): number => Number(alias.slice(-1));

/** Opens a raw ws socket and records every event the row is about, until it closes. */
function runWs(
  alias: string,
  url: string,
  protocols: string[] = [],
): Promise<{ events: string[]; args: Record<string, unknown[]> }> {
  return new Promise((resolve) => {
    const socket = new (wsClass(alias))(url, protocols);
    const events: string[] = [];
    const args: Record<string, unknown[]> = {};
    for (const event of [
      WS_RESPONSE_EVENTS.headers,
      WS_RESPONSE_EVENTS.upgrade,
      WS_UNEXPECTED_RESPONSE_EVENT,
      'open',
      'error',
      'close',
    ]) {
      socket.on(event, (...received: unknown[]) => {
        events.push(event);
        args[event] ??= received;
        if (event === WS_UNEXPECTED_RESPONSE_EVENT) {
          const request = received[0] as { destroy?: () => void; abort?: () => void };
          if (typeof request.destroy === 'function') request.destroy();
          else request.abort?.();
          setTimeout(() => resolve({ events, args }), 50);
        }
        if (event === 'open') {
          socket.close();
        }
        if (event === 'close') resolve({ events, args });
      });
    }
  });
}

describe('the capability table', () => {
  test('every row has an id, versions, what it relies on and why; ids are unique', () => {
    const ids = CAPABILITIES.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of CAPABILITIES) {
      expect(row.versions.length).toBeGreaterThan(0);
      expect(row.reliesOn.length).toBeGreaterThan(0);
      expect(row.why.length).toBeGreaterThan(0);
    }
    expect(ids).toEqual([
      'ws-response-event',
      'ws-unexpected-response',
      'ws-error-code',
      'ws-raw-socket',
      'undici-global-dispatcher',
      'undici-handler-hooks',
      'undici-source-mark',
      'undici5-source-mark',
      'node-unoffered-subprotocol-crash',
    ]);
  });
});

describe('ws rows, on ws 2.3.1 to 8.23.0', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test.each(WS)('ws-response-event: %s hands over the 101 headers before it checks them', async (alias) => {
    const { events, args } = await runWs(alias, `${server.url}&mode=select-unoffered`, ['chat']);
    const event = major(alias) <= 3 ? WS_RESPONSE_EVENTS.headers : WS_RESPONSE_EVENTS.upgrade;
    const other = major(alias) <= 3 ? WS_RESPONSE_EVENTS.upgrade : WS_RESPONSE_EVENTS.headers;
    expect(events.indexOf(event)).toBe(0);
    expect(events).not.toContain(other);
    expect(events).toContain('error');
    const first = args[event]![0] as { headers?: Record<string, string> } & Record<string, string>;
    const headers = event === WS_RESPONSE_EVENTS.headers ? first : first.headers!;
    expect(headers['sec-websocket-protocol']).toBe('surprise');
  });

  test.each(WS)('ws-unexpected-response: %s gives the status as a number, and no error', async (alias) => {
    const { events, args } = await runWs(alias, `${server.url}&mode=reject-401`);
    expect(events[0]).toBe(WS_UNEXPECTED_RESPONSE_EVENT);
    expect((args[WS_UNEXPECTED_RESPONSE_EVENT]![1] as { statusCode: number }).statusCode).toBe(401);
    expect(events).not.toContain('error');
  });

  test.each(WS)("ws-error-code: %s reports a refused connection with Node's code", async (alias) => {
    const refusing = await refusingPort();
    onTestFinished(() => refusing.release());
    const { args } = await runWs(alias, `ws://127.0.0.1:${refusing.port}/`);
    expect((args['error']![0] as { code?: string }).code).toBe('ECONNREFUSED');
  });

  test.each(WS)('ws-raw-socket: %s keeps a pausable net.Socket in _socket once open', async (alias) => {
    const socket = new (wsClass(alias))(server.url);
    await new Promise((resolve) => socket.on('open', resolve));
    const raw = (socket as unknown as Record<string, { pause?: unknown; resume?: unknown }>)[
      WS_RAW_SOCKET_FIELD
    ];
    expect(typeof raw?.pause).toBe('function');
    expect(typeof raw?.resume).toBe('function');
    const flag = (socket as unknown as Record<string, unknown>)[WS_PAUSED_FLAG];
    expect(typeof flag).toBe(major(alias) === 8 ? 'boolean' : 'undefined');
    socket.terminate();
  });

  // Server and client share this process, so the 101 and the message written right after it are both
  // in the kernel before the client reads: one read, and ws must put the message back before 'open'.
  test.each(
    WS.flatMap((alias) => [
      { alias, greeting: null, buffered: 'nothing' },
      { alias, greeting: 'hello at once', buffered: 'the message' },
    ]),
  )('ws-raw-socket: at open, $alias has $buffered in _socket.readableLength', async ({ alias, greeting }) => {
    server.greeting = greeting;
    onTestFinished(() => {
      server.greeting = null;
    });
    const socket = new (wsClass(alias))(server.url);
    socket.on('error', () => {});
    onTestFinished(() => socket.terminate());
    const buffered = await new Promise((resolve) =>
      socket.on('open', () =>
        resolve(
          (socket as unknown as Record<string, { readableLength?: unknown }>)[WS_RAW_SOCKET_FIELD]
            ?.readableLength,
        ),
      ),
    );
    if (greeting === null) expect(buffered).toBe(0);
    else expect(buffered).toBeGreaterThan(0);
  });
});

describe('undici rows, on undici 5.29.0, 6.29.1 and 7.30.2', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test.each(UNDICI)(
    'undici-global-dispatcher: %s sends through the .1 slot, the one the guard wraps first',
    (alias) => {
      const { getGlobalDispatcher } = require(alias) as { getGlobalDispatcher: () => { dispatch?: unknown } };
      const registry = globalThis as Record<symbol, unknown>;
      expect(typeof getGlobalDispatcher().dispatch).toBe('function');
      expect(getGlobalDispatcher()).toBe(registry[UNDICI_GLOBAL_DISPATCHERS[0]!]);
    },
  );

  test.each(UNDICI)(
    'undici-handler-hooks: %s calls onHeaders(status) for a 401, onUpgrade(101, ...) for a 101, onError(error with .code) when refused',
    async (alias) => {
      const { WebSocket, Agent } = require(alias) as {
        WebSocket: new (url: string, init: object) => EventTarget & { close(): void };
        Agent: new () => { dispatch(options: unknown, handler: Record<string, unknown>): unknown };
      };
      const agent = new Agent();
      const calls: string[] = [];
      const dispatcher = {
        dispatch(options: unknown, handler: Record<string, (...args: unknown[]) => unknown>) {
          const wrapped = Object.create(handler) as Record<string, unknown>;
          for (const name of ['onHeaders', 'onUpgrade', 'onError'] as const) {
            const original = handler[name];
            if (typeof original !== 'function') continue;
            wrapped[name] = function (this: unknown, ...args: unknown[]) {
              const fact =
                name === 'onError'
                  ? (args[0] as { code?: string }).code
                  : typeof args[0] === 'number'
                    ? args[0]
                    : '?';
              calls.push(`${name}:${fact}`);
              return original.apply(this, args);
            };
          }
          return agent.dispatch(options, wrapped);
        },
      };
      const run = (url: string): Promise<void> =>
        new Promise((resolve) => {
          const socket = new WebSocket(url, { dispatcher });
          socket.addEventListener('open', () => {
            socket.close();
            resolve();
          });
          socket.addEventListener('error', () => resolve());
        });
      await run(`${server.url}&mode=reject-401`);
      await run(server.url);
      const refusing = await refusingPort();
      onTestFinished(() => refusing.release());
      await run(`ws://127.0.0.1:${refusing.port}/`);
      // undici 7 reports the 401 twice (its handler is wrapped for both APIs); the guard keeps the first.
      expect([...new Set(calls)]).toEqual(['onHeaders:401', 'onUpgrade:101', 'onError:ECONNREFUSED']);
    },
  );

  test.each<[string, boolean]>([
    ['undici5', true],
    ['undici6', false],
    ['undici7', false],
  ])('undici-source-mark and undici5-source-mark: %s (undici 5 mark: %s)', (alias, isUndici5) => {
    const { WebSocket } = require(alias) as { WebSocket: unknown };
    const source = Function.prototype.toString.call(WebSocket);
    expect(source).toContain(UNDICI_SOURCE_MARK);
    expect(source.includes(UNDICI5_SOURCE_MARK)).toBe(isUndici5);
  });

  test.each<[string, number, boolean]>([
    ['6.24.1 (Node 20)', 0, true],
    ['6.28.0', 0, true],
    ['6.28.1 (fixed)', 0, false],
    ['6.29.1 (Node 22)', 0, false],
    ['7.16.0 (Node 24)', 0, false],
    ['6.24.1 with a protocol offered', 1, false],
  ])('node-unoffered-subprotocol-crash: Node with undici %s', (version, protocols, expected) => {
    const plan = {
      implementation: {
        kind: 'node',
        headers: true,
        maxProtocols: Infinity,
        version: version.split(' ')[0]!,
        handshakeGuard: true,
      },
      url: 'ws://h/',
      protocols: protocols > 0 ? ['chat'] : [],
      headers: [],
      origin: null,
      native: undefined,
    } as const;
    expect(hasUnofferedSubprotocolCrash(plan)).toBe(expected);
  });
});
