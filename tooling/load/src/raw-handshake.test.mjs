// @ts-check
import { once } from 'node:events';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws8';
import { rawHandshake } from './raw-handshake.mjs';

// The raw client against a real ws@8 server in this process: what it reports must be what the server did.

const server = createServer({ headersTimeout: 300, requestTimeout: 300, connectionsCheckingInterval: 50 });
const wss = new WebSocketServer({
  server,
  verifyClient: (/** @type {{ req: import('node:http').IncomingMessage }} */ info) =>
    info.req.headers['x-refuse'] === undefined,
});
wss.on('connection', (socket, request) => {
  socket.on('message', (data) =>
    socket.send(`${data}|${request.socket.remoteAddress}|${request.headers['x-twice']}`),
  );
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

describe('rawHandshake', () => {
  test('101 with the offered protocol, then one echo', async () => {
    const result = await rawHandshake({
      port,
      target: '/x',
      headers: [['Sec-WebSocket-Protocol', 'chat']],
      message: 'hi',
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({
      status: 101,
      protocol: 'chat',
      reply: 'hi|127.0.0.1|undefined',
      error: null,
    });
  });

  test('duplicated header lines reach the server as two lines (Node joins them)', async () => {
    const result = await rawHandshake({
      port,
      target: '/x',
      headers: [
        ['X-Twice', 'a'],
        ['X-Twice', 'b'],
      ],
      message: 'hi',
      timeoutMs: 5_000,
    });
    expect(result.reply).toBe('hi|127.0.0.1|a, b');
  });

  test('another loopback source address is what the server sees', async () => {
    const result = await rawHandshake({
      port,
      localAddress: '127.0.0.2',
      target: '/',
      headers: [],
      message: 'm',
      timeoutMs: 5_000,
    });
    expect(result.reply).toBe('m|127.0.0.2|undefined');
  });

  test.each([
    { name: 'verifyClient refusal', headers: [['X-Refuse', '1']], expected: 401 },
    { name: 'headers over 16 KB', headers: [['X-Big', 'a'.repeat(20_000)]], expected: 431 },
  ])('status of a refusal: $name', async ({ headers, expected }) => {
    const result = await rawHandshake({
      port,
      target: '/',
      headers: /** @type {[string, string][]} */ (headers),
      timeoutMs: 5_000,
    });
    expect(result.status).toBe(expected);
  });

  test('half a request: the server answers 408 after its timeout, not before', async () => {
    const result = await rawHandshake({
      port,
      target: '/',
      headers: [],
      stallAfterBytes: 40,
      timeoutMs: 5_000,
    });
    expect(result.status).toBe(408);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(280);
  });

  test('nobody listening: the socket error code, no status', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const address = closed.address();
    closed.close();
    await once(closed, 'close');
    const result = await rawHandshake({
      port: typeof address === 'object' && address ? address.port : 0,
      target: '/',
      headers: [],
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ status: null, error: 'ECONNREFUSED' });
  });
});
