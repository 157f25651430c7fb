// @ts-check
import { once } from 'node:events';
import { createServer } from 'node:http';
import { refusingPort, startRecorder } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, onTestFinished, test, vi } from 'vitest';
import { WebSocketServer } from 'ws8';
import { handshakeExchange } from './handshake-exchange.mjs';

// The load run's handshake against a real ws@8 server in this process: what it reports must be what
// the server did, and it must leave the way a polite client does (close 1000, then FIN).

const server = createServer({ headersTimeout: 300, requestTimeout: 300, connectionsCheckingInterval: 50 });
const wss = new WebSocketServer({
  server,
  verifyClient: (/** @type {{ req: import('node:http').IncomingMessage }} */ info) =>
    info.req.headers['x-refuse'] === undefined,
  handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false),
});
/** Close codes the server received, by the request's `X-Id`. */
const closeCodes = new Map();
wss.on('connection', (socket, request) => {
  socket.on('close', (code) => closeCodes.set(request.headers['x-id'], code));
  socket.on('message', (data) => {
    const text = String(data);
    if (text === 'binary') return socket.send(Buffer.from('not text'));
    if (text === 'hang up') return socket.terminate();
    socket.send(`${text}|${request.socket.remoteAddress}|${request.headers['x-twice']}`);
  });
});
let port = 0;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.closeAllConnections();
  server.close();
});

describe('handshakeExchange', () => {
  test.each([
    {
      name: 'the offered protocol, then one echo',
      headers: [
        ['Sec-WebSocket-Protocol', 'chat'],
        ['X-Id', 'echo'],
      ],
      message: 'hi',
      expected: { protocol: 'chat', reply: 'hi|127.0.0.1|undefined' },
    },
    {
      name: 'no message, no protocol offered: none answered',
      headers: [['X-Id', 'plain']],
      expected: { protocol: null, reply: null },
    },
    {
      name: 'duplicated header lines reach the server as two lines (Node joins them)',
      headers: [
        ['X-Twice', 'a'],
        ['X-Twice', 'b'],
        ['X-Id', 'twice'],
      ],
      message: 'hi',
      expected: { protocol: null, reply: 'hi|127.0.0.1|a, b' },
    },
    {
      name: 'another loopback source address is what the server sees',
      localAddress: '127.0.0.2',
      headers: [['X-Id', 'peer']],
      message: 'm',
      expected: { protocol: null, reply: 'm|127.0.0.2|undefined' },
    },
  ])('101, $name, then a close 1000 the server receives', async ({ headers, expected, ...rest }) => {
    const result = await handshakeExchange({
      port,
      target: '/x',
      headers: /** @type {[string, string][]} */ (headers),
      ...rest,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ status: 101, error: null, ...expected });
    // ws reports the close code once its side of TCP has closed too, just after ours.
    const id = /** @type {[string, string]} */ (headers.at(-1))[1];
    await vi.waitFor(() => expect(closeCodes.get(id)).toBe(1000));
  });

  test.each([
    { name: 'verifyClient refusal', headers: [['X-Refuse', '1']], expected: 401 },
    { name: 'headers over 16 KB', headers: [['X-Big', 'a'.repeat(20_000)]], expected: 431 },
  ])('status of a refusal: $name', async ({ headers, expected }) => {
    const result = await handshakeExchange({
      port,
      target: '/',
      headers: /** @type {[string, string][]} */ (headers),
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ status: expected, protocol: null, reply: null, error: null });
  });

  test.each([
    { message: 'binary', error: 'LOAD_REPLY_NOT_TEXT' },
    { message: 'hang up', error: 'LOAD_NO_REPLY' },
  ])('a 101 whose reply to $message is wrong is an error: $error', async ({ message, error }) => {
    const result = await handshakeExchange({ port, target: '/', headers: [], message, timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: 101, reply: null, error });
  });

  test('half a request: the server answers 408 after its timeout, not before', async () => {
    const result = await handshakeExchange({
      port,
      target: '/',
      headers: [],
      stallAfterBytes: 40,
      timeoutMs: 5_000,
    });
    expect(result.status).toBe(408);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(280);
  });

  test('a server that never answers: WIRE_TIMEOUT, no status, after the time limit', async () => {
    const stalled = await startRecorder();
    try {
      const result = await handshakeExchange({
        port: stalled.port,
        target: '/',
        headers: [],
        timeoutMs: 200,
      });
      expect(result).toMatchObject({ status: null, protocol: null, reply: null, error: 'WIRE_TIMEOUT' });
      expect(result.elapsedMs).toBeGreaterThanOrEqual(190);
    } finally {
      await stalled.close();
    }
  });

  test('nobody listening: the socket error code, no status', async () => {
    const refusing = await refusingPort();
    onTestFinished(() => refusing.release());
    const result = await handshakeExchange({
      port: refusing.port,
      target: '/',
      headers: [],
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ status: null, error: 'ECONNREFUSED' });
  });
});
