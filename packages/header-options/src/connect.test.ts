import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import { type ConnectionCounter, startConnectionCounter } from './_test/connection-counter.js';
import { type RecordingServer, startRecordingServer } from './_test/server.js';
import { connect } from './connect.js';
import { HandshakeError, HeaderOptionsError } from './errors.js';
import { WS_RAW_SOCKET_FIELD } from './implementations/capabilities.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import { detectImplementation } from './implementations/detect.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;

describe('connect() options', () => {
  let server: RecordingServer;
  // A fresh listener per test: a refused call must not connect, not even a moment after it settled.
  let counter: ConnectionCounter;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    counter = await startConnectionCounter();
  });
  afterEach(async () => {
    await counter.close();
  });

  test('the counter sees a socket dialled after the call settled (the check below can fail)', async () => {
    const late = new Promise<void>((resolve) =>
      setTimeout(() => {
        const Dial = Ws8 as unknown as new (
          url: string,
        ) => { on(event: 'error', listener: () => void): void };
        new Dial(`ws://127.0.0.1:${counter.port}/`).on('error', () => {});
        resolve();
      }, 50),
    );
    expect(await counter.settledCount()).toBe(1);
    await late;
  });

  test.each<[unknown, string]>([
    [0, '0'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [2 ** 31, '2147483648'],
    ['100', '"100"'],
    [null, 'null'],
  ])('refuses timeoutMs %s with INVALID_OPTION before opening anything', async (timeoutMs, shown) => {
    const error = await connect(Ws8, `ws://127.0.0.1:${counter.port}/`, {
      timeoutMs: timeoutMs as number,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HeaderOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_OPTION',
      message: `"timeoutMs" must be a number of milliseconds between 1 and 2147483647, got ${shown}`,
    });
    expect(await counter.settledCount()).toBe(0);
  });

  test.each<[string, unknown, string]>([
    ['a plain object', { aborted: false }, 'an object'],
    ['a string', 'abort', '"abort"'],
    ['an AbortController', new AbortController(), 'an object'],
    ['null', null, 'null'],
  ])(
    'refuses a signal that is %s with INVALID_OPTION before opening anything',
    async (_name, signal, shown) => {
      const error = await connect(Ws8, `ws://127.0.0.1:${counter.port}/`, {
        signal: signal as AbortSignal,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HeaderOptionsError);
      expect(error).toMatchObject({
        code: 'INVALID_OPTION',
        message: `"signal" must be an AbortSignal (e.g. AbortSignal.timeout(5000) or an AbortController's signal), got ${shown}`,
      });
      expect(await counter.settledCount()).toBe(0);
    },
  );

  test.each([
    ['ws', Ws8],
    ['undici', Undici7],
  ])(
    'an already aborted signal rejects with ABORTED and opens nothing (%s)',
    async (_name, WebSocketImpl) => {
      const reason = new Error('navigated away');
      const url = `ws://127.0.0.1:${counter.port}/`;
      const error = await connect(WebSocketImpl, url, { signal: AbortSignal.abort(reason) }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(HandshakeError);
      expect(error).toMatchObject({
        code: 'ABORTED',
        status: null,
        message: `Connecting to ${url} was aborted before it started`,
        cause: reason,
      });
      expect(await counter.settledCount()).toBe(0);
    },
  );

  test('resolves with the open socket and the negotiated subprotocol', async () => {
    const socket = (await connect(Undici7, server.url, { protocols: ['superchat', 'chat'] })) as WebSocket;
    expect(socket.readyState).toBe(1);
    expect(socket.protocol).toBe('superchat');
    socket.close();
  });

  test('an implementation connect() cannot watch is closed and refused', async () => {
    const closed: string[] = [];
    class Opaque {
      constructor(readonly url: string) {}
      close(): void {
        closed.push(this.url);
      }
    }
    const error = await connect(Opaque, 'ws://127.0.0.1:9/').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HeaderOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_OPTION',
      message:
        'connect() cannot watch this unknown socket: it has neither addEventListener() nor on() and terminate(); use createWebSocket() and listen yourself',
    });
    expect(closed).toEqual(['ws://127.0.0.1:9/']);
  });

  test("a ws class called browser-style still settles cleanly on failure (implementation: 'browser')", async () => {
    server.mode = 'reject-401';
    try {
      const error = await connect(Ws8, server.url, { implementation: 'browser', protocols: ['chat'] }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({
        code: 'REJECTED',
        status: 401,
        message: `The server at ${server.url} rejected the WebSocket handshake with HTTP 401`,
      });
      // ws emits 'error' again while terminating; an unheard one would throw. Let it happen.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      server.mode = 'accept';
    }
  });
});

/** An undici-shaped WebSocket (it takes a WebSocketInit) that fails every handshake without a reason. */
class SilentUndici extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static inits: Record<string, unknown>[] = [];
  readyState = 0;
  protocol = '';
  readonly takes = 'WebSocketInit'; // what detection looks for in undici's source
  constructor(_url: string, init: Record<string, unknown>) {
    super();
    SilentUndici.inits.push(init);
    setTimeout(() => {
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event('error'), this.errorDetail()));
      this.dispatchEvent(Object.assign(new Event('close'), { code: 1006 }));
    }, 5);
  }
  /** What the error event carries: nothing here (undici 7's empty error). */
  errorDetail(): object {
    return {};
  }
  send(): void {}
  close(): void {}
}

// The server shares this process: the 101 and a message written right after it reach the client in one
// read (capabilities.test.ts checks that ws puts such a message back into the socket's buffer).
describe('connect() on ws holds the socket only when a message came with the 101 (ws-raw-socket)', () => {
  let server: RecordingServer;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(async () => {
    await server.close();
  });

  interface HeldSocket {
    on(event: 'message', listener: (data: unknown) => void): void;
    close(): void;
  }

  test.each(
    (['ws2', 'ws3', 'ws4', 'ws5', 'ws6', 'ws7', 'ws8'] as const).flatMap((alias) => [
      { alias, greeting: null, held: false },
      { alias, greeting: 'hello at once', held: true },
    ]),
  )(
    '$alias, message with the 101: $greeting; paused when connect() resolves: $held',
    async ({ alias, greeting, held }) => {
      server.greeting = greeting;
      onTestFinished(() => {
        server.greeting = null;
      });
      const socket = (await connect(require(alias) as WebSocketConstructor, server.url)) as HeldSocket;
      onTestFinished(() => socket.close());
      const raw = (socket as unknown as Record<string, { isPaused(): boolean }>)[WS_RAW_SOCKET_FIELD];
      expect(raw?.isPaused()).toBe(held);
      const received: string[] = [];
      socket.on('message', (data) => received.push(String(data)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(greeting === null ? [] : [greeting]);
    },
  );
});

describe('an undici-family implementation with no dispatcher to wrap', () => {
  const registry = globalThis as Record<symbol, unknown>;
  const keys = [Symbol.for('undici.globalDispatcher.1'), Symbol.for('undici.globalDispatcher.2')];

  /** Runs `body` with undici's global dispatchers hidden (as under a frozen globalThis with undici 8). */
  function withoutGlobalDispatcher<T>(body: () => T): T {
    const saved = keys.map((key) => registry[key]);
    for (const key of keys) registry[key] = undefined;
    try {
      return body();
    } finally {
      keys.forEach((key, index) => {
        registry[key] = saved[index];
      });
    }
  }

  test('detectImplementation says the guard cannot be installed; with a global dispatcher it can', () => {
    expect(detectImplementation(SilentUndici)).toMatchObject({ kind: 'undici', handshakeGuard: true });
    expect(withoutGlobalDispatcher(() => detectImplementation(SilentUndici))).toMatchObject({
      kind: 'undici',
      handshakeGuard: false,
    });
  });

  test("connect()'s NETWORK error says the guard was missing and how to get it", async () => {
    SilentUndici.inits.length = 0;
    const pending = withoutGlobalDispatcher(() =>
      connect(SilentUndici, 'ws://127.0.0.1:9999/', { timeoutMs: 2000 }).catch((caught: unknown) => caught),
    );
    const error = await pending;
    expect(error).toBeInstanceOf(HandshakeError);
    expect(error).toMatchObject({
      code: 'NETWORK',
      status: null,
      message:
        'The WebSocket handshake with ws://127.0.0.1:9999/ failed: undici gave no reason (connect() could not install its handshake guard: there is no undici dispatcher to wrap, so the status, error code and subprotocol are unknown; pass native: { dispatcher: new Agent() })',
    });
    expect(SilentUndici.inits[0]).not.toHaveProperty('dispatcher');
  });

  test('a native dispatcher is wrapped even then, and the message drops the note', async () => {
    SilentUndici.inits.length = 0;
    const dispatcher = { dispatch: () => true };
    const error = await withoutGlobalDispatcher(() =>
      connect(SilentUndici, 'ws://127.0.0.1:9999/', { timeoutMs: 2000, native: { dispatcher } }).catch(
        (caught: unknown) => caught,
      ),
    );
    expect(error).toMatchObject({
      code: 'NETWORK',
      message: 'The WebSocket handshake with ws://127.0.0.1:9999/ failed: undici gave no reason',
    });
    const passed = SilentUndici.inits[0]!['dispatcher'] as { dispatch: unknown };
    expect(passed).not.toBe(dispatcher);
    expect(typeof passed.dispatch).toBe('function');
  });
});

describe('classification never reads message texts', () => {
  /** undici-shaped; fails with an error whose text looks like a status or a subprotocol failure. */
  function wordy(text: string) {
    return class Wordy extends SilentUndici {
      override errorDetail(): object {
        return { error: new Error(text) };
      }
    };
  }

  test.each([
    'Unexpected server response: 503',
    'Protocol was not set in the opening handshake.',
    'Server sent an invalid subprotocol',
  ])('an error reading %j is NETWORK with that text, not REJECTED or SUBPROTOCOL', async (text) => {
    const error = await connect(wordy(text), 'ws://127.0.0.1:9999/', { timeoutMs: 2000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'NETWORK',
      status: null,
      message: `The WebSocket handshake with ws://127.0.0.1:9999/ failed: ${text}`,
    });
  });
});
