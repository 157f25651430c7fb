import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTcpRecorder, type TcpRecorder } from './_test/recorder.js';
import { type RecordingServer, startRecordingServer } from './_test/server.js';
import { connect } from './connect.js';
import { HandshakeError, HeaderOptionsError } from './errors.js';
import type { WebSocketConstructor } from './implementations/detect.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;

describe('connect() options', () => {
  let server: RecordingServer;
  let recorder: TcpRecorder;
  beforeAll(async () => {
    server = await startRecordingServer();
    recorder = await startTcpRecorder(server.port);
  });
  afterAll(async () => {
    await recorder.close();
    await server.close();
  });

  test.each<[unknown, string]>([
    [0, '0'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [2 ** 31, '2147483648'],
    ['100', '"100"'],
    [null, 'null'],
  ])('refuses timeoutMs %s with INVALID_OPTION before opening anything', async (timeoutMs, shown) => {
    const error = await connect(Ws8, `ws://127.0.0.1:${recorder.port}/`, {
      timeoutMs: timeoutMs as number,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HeaderOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_OPTION',
      message: `"timeoutMs" must be a number of milliseconds between 1 and 2147483647, got ${shown}`,
    });
    expect(recorder.connections).toHaveLength(0);
  });

  test.each<[string, unknown, string]>([
    ['a plain object', { aborted: false }, 'an object'],
    ['a string', 'abort', '"abort"'],
    ['an AbortController', new AbortController(), 'an object'],
    ['null', null, 'null'],
  ])(
    'refuses a signal that is %s with INVALID_OPTION before opening anything',
    async (_name, signal, shown) => {
      const error = await connect(Ws8, `ws://127.0.0.1:${recorder.port}/`, {
        signal: signal as AbortSignal,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HeaderOptionsError);
      expect(error).toMatchObject({
        code: 'INVALID_OPTION',
        message: `"signal" must be an AbortSignal (e.g. AbortSignal.timeout(5000) or an AbortController's signal), got ${shown}`,
      });
      expect(recorder.connections).toHaveLength(0);
    },
  );

  test.each([
    ['ws', Ws8],
    ['undici', Undici7],
  ])(
    'an already aborted signal rejects with ABORTED and opens nothing (%s)',
    async (_name, WebSocketImpl) => {
      const reason = new Error('navigated away');
      const url = `ws://127.0.0.1:${recorder.port}/`;
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
      expect(recorder.connections).toHaveLength(0);
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
