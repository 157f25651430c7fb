import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { afterThisTest, rawServer } from './_test/cleanups.js';
import { closeFrame, textFrame } from './builders.js';
import { decodeClosePayload } from './decode.js';
import { rawExchange, requestBytes, settleRawExchange } from './exchange.js';
import { acceptKey, handshakeLines } from './handshake.js';
import { refusingPort } from './port.js';

interface Scripted {
  port: number;
  /** exact bytes each connection sent, and the peer address it came from */
  received: { bytes: Buffer; remoteAddress: string | undefined }[];
}
/**
 * A TCP server that waits for a full request head (and `delayMs`), then writes `answer` in the given
 * chunks.
 */
async function scripted(
  answer: readonly Uint8Array[],
  after: 'end' | 'stay' = 'stay',
  delayMs = 0,
): Promise<Scripted> {
  const sockets = new Set<Socket>();
  const received: Scripted['received'] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const entry = { bytes: Buffer.alloc(0), remoteAddress: socket.remoteAddress };
    received.push(entry);
    socket.on('data', (chunk: Buffer) => {
      entry.bytes = Buffer.concat([entry.bytes, chunk]);
      if (!entry.bytes.includes('\r\n\r\n')) return;
      void (async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        for (const part of answer) {
          socket.write(part);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (after === 'end') socket.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterThisTest(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, received };
}

const REQUEST = ['GET /?a=1 HTTP/1.1', 'Host: x', 'X-Dup: 1', 'x-dup: 2'];
const HEAD_101 = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: chat';
const bytes = (text: string) => Buffer.from(text, 'latin1');
/** What every 101 case shares: the head as sent, headers in order, no body. */
const ACCEPTED = {
  head: HEAD_101,
  status: 101,
  headers: [
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Protocol', 'chat'],
  ],
  body: '',
};

describe('requestBytes', () => {
  test.each([
    { name: 'lines', lines: ['GET / HTTP/1.1', 'Host: x'], expected: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' },
    { name: 'start line only', lines: ['GET / HTTP/1.1'], expected: 'GET / HTTP/1.1\r\n\r\n' },
    { name: 'UTF-8 value', lines: ['X: é'], expected: 'X: \xc3\xa9\r\n\r\n' },
  ])('$name', ({ lines, expected }) => {
    expect(requestBytes(lines).toString('latin1')).toBe(expected);
  });
});

describe('rawExchange', () => {
  test.each([
    {
      name: '101 then a text frame in the same write',
      answer: [Buffer.concat([bytes(`${HEAD_101}\r\n\r\n`), textFrame('{"a":1}')])],
      after: 'stay' as const,
      expected: {
        ...ACCEPTED,
        message: '{"a":1}',
        opcode: 0x1,
      },
    },
    {
      name: '101, then a text frame split over three writes',
      answer: [
        bytes(`${HEAD_101}\r\n\r\n`),
        textFrame('hello').subarray(0, 1),
        textFrame('hello').subarray(1),
      ],
      after: 'stay' as const,
      expected: {
        ...ACCEPTED,
        message: 'hello',
        opcode: 0x1,
      },
    },
    {
      name: '101 then a close frame: the frame, no message',
      answer: [bytes(`${HEAD_101}\r\n\r\n`), closeFrame(1000)],
      after: 'stay' as const,
      expected: {
        ...ACCEPTED,
        message: null,
        opcode: 0x8,
      },
    },
    {
      name: '101 then a text frame with RSV1 (compressed): no message',
      answer: [bytes(`${HEAD_101}\r\n\r\n`), textFrame('x', { rsv1: true })],
      after: 'stay' as const,
      expected: {
        ...ACCEPTED,
        message: null,
        opcode: 0x1,
      },
    },
    {
      name: 'a refusal: the body until the server closes',
      answer: [bytes('HTTP/1.1 401 Unauthorized\r\nX-Code: UNAUTHORIZED\r\n\r\nUNAUTH'), bytes('ORIZED')],
      after: 'end' as const,
      expected: {
        head: 'HTTP/1.1 401 Unauthorized\r\nX-Code: UNAUTHORIZED',
        status: 401,
        headers: [['X-Code', 'UNAUTHORIZED']],
        body: 'UNAUTHORIZED',
        message: null,
        opcode: null,
      },
    },
  ])('$name', async ({ answer, after, expected }) => {
    const server = await scripted(answer, after);
    const response = await rawExchange({ port: server.port, request: requestBytes(REQUEST) });
    expect({
      head: response.head,
      status: response.status,
      headers: response.headers,
      body: response.body,
      message: response.message,
      opcode: response.frame?.opcode ?? null,
    }).toEqual(expected);
    // the request went out byte for byte, duplicate headers and casing kept
    expect(server.received[0]?.bytes.toString('latin1')).toBe(
      'GET /?a=1 HTTP/1.1\r\nHost: x\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n',
    );
  });

  test('a string request is written as UTF-8, from the chosen local address', async () => {
    const server = await scripted([bytes('HTTP/1.1 400 Bad Request\r\n\r\n')], 'end');
    const response = await rawExchange({
      port: server.port,
      localAddress: '127.0.0.2',
      request: 'GET / HTTP/1.1\r\nX: é\r\n\r\n',
    });
    expect(response.status).toBe(400);
    expect(server.received[0]?.bytes.toString('latin1')).toBe('GET / HTTP/1.1\r\nX: \xc3\xa9\r\n\r\n');
    expect(server.received[0]?.remoteAddress).toBe('127.0.0.2');
  });

  test.each([
    {
      name: 'closed before a head',
      setup: () => scripted([bytes('HTTP/1.1 200')], 'end').then((server) => server.port),
      timeoutMs: 3000,
      code: 'WIRE_NO_RESPONSE',
      message: (port: number) =>
        `port ${port} closed the connection before a response; received "HTTP/1.1 200"`,
    },
    {
      name: 'no answer in time',
      setup: () => scripted([bytes('HTTP/1.1 101 Switching')]).then((server) => server.port),
      timeoutMs: 100,
      code: 'WIRE_TIMEOUT',
      message: (port: number) =>
        `no complete answer from port ${port} within 100 ms; received "HTTP/1.1 101 Switching"`,
    },
    {
      name: 'nothing listens',
      setup: async () => {
        const refusing = await refusingPort();
        afterThisTest(() => refusing.release());
        return refusing.port;
      },
      timeoutMs: 3000,
      code: 'ECONNREFUSED',
      message: (port: number) => `connect ECONNREFUSED 127.0.0.1:${port}; received ""`,
    },
  ])(
    'rejects: $name ($code); settleRawExchange resolves with the same error',
    async ({ setup, timeoutMs, code, message }) => {
      const port = await setup();
      await expect(rawExchange({ port, request: requestBytes(REQUEST), timeoutMs })).rejects.toMatchObject({
        code,
        message: message(port),
      });
      const outcome = await settleRawExchange({ port, request: requestBytes(REQUEST), timeoutMs });
      expect({
        response: outcome.response,
        code: outcome.error?.code,
        message: outcome.error?.message,
      }).toEqual({
        response: null,
        code,
        message: message(port),
      });
      expect(outcome.elapsedMs).toBeGreaterThan(0);
    },
  );
});

describe('handshakeLines', () => {
  test.each([
    {
      name: 'a given key, headers after the WebSocket ones in order',
      options: {
        target: '/echo?a=1',
        host: '127.0.0.1:80',
        key: 'k==',
        headers: [
          ['X-A', '1'],
          ['x-a', '2'],
        ],
      },
      expected: [
        'GET /echo?a=1 HTTP/1.1',
        'Host: 127.0.0.1:80',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: k==',
        'Sec-WebSocket-Version: 13',
        'X-A: 1',
        'x-a: 2',
      ],
    },
    {
      name: 'key null: no key line',
      options: { target: '/', host: 'h', key: null },
      expected: [
        'GET / HTTP/1.1',
        'Host: h',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
      ],
    },
  ] as const)('$name', ({ options, expected }) => {
    expect(handshakeLines(options)).toEqual(expected);
  });

  test('no key given: a fresh 16-byte base64 key each time', () => {
    const keyOf = (lines: string[]) =>
      lines.find((line) => line.startsWith('Sec-WebSocket-Key: '))?.slice(19);
    const first = keyOf(handshakeLines({ target: '/', host: 'h' }));
    const second = keyOf(handshakeLines({ target: '/', host: 'h' }));
    expect(Buffer.from(first ?? '', 'base64')).toHaveLength(16);
    expect(first).not.toBe(second);
  });
});

describe('rawExchange after a 101: send, then leave with a close frame and FIN', () => {
  const handshake = (port: number, key = 'dGhlIHNhbXBsZSBub25jZQ==') =>
    requestBytes(handshakeLines({ target: '/x', host: `127.0.0.1:${port}`, key }));

  test('send goes out after the 101; the reply frame is the answer; close 1000 then FIN; the close reply is kept', async () => {
    const server = await rawServer();
    const exchange = rawExchange({
      port: server.port,
      request: handshake(server.port),
      send: [textFrame('hi', { mask: true })],
      leave: 'close',
    });
    const connection = await server.nextConnection();
    const sent = await connection.nextFrame();
    expect({ opcode: sent.opcode, masked: sent.masked, text: sent.payload.toString() }).toEqual({
      opcode: 0x1,
      masked: true,
      text: 'hi',
    });
    await connection.sendText('echo');
    const close = await connection.nextFrame();
    expect({
      opcode: close.opcode,
      masked: close.masked,
      code: decodeClosePayload(close.payload).code,
    }).toEqual({ opcode: 0x8, masked: true, code: 1000 });
    await connection.waitForEvent('fin');
    // the exchange waits for the server to close TCP
    let settled = false;
    void exchange.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    await connection.write(closeFrame(1000, 'bye'));
    connection.end();
    const response = await exchange;
    expect(response.head).toContain(`Sec-WebSocket-Accept: ${acceptKey('dGhlIHNhbXBsZSBub25jZQ==')}`);
    expect({
      status: response.status,
      message: response.message,
      body: response.body,
      closeReply: response.closeReply && decodeClosePayload(response.closeReply.payload).reasonText,
    }).toEqual({ status: 101, message: 'echo', body: '', closeReply: 'bye' });
    expect(connection.events.map((event) => event.type).slice(0, 3)).toEqual(['frame', 'frame', 'fin']);
  });

  test.each([
    {
      name: 'leave destroy (default): no close frame, the socket just goes',
      leave: undefined,
      events: ['fin'],
    },
    { name: 'leave close: the close frame, then FIN', leave: 'close' as const, events: ['frame', 'fin'] },
  ])('awaitFrame false: the head is the answer; $name', async ({ leave, events }) => {
    const server = await rawServer();
    const exchange = rawExchange({
      port: server.port,
      request: handshake(server.port),
      awaitFrame: false,
      leave,
    });
    const connection = await server.nextConnection();
    await connection.waitForEvent('fin');
    connection.end();
    const response = await exchange;
    expect({ status: response.status, frame: response.frame, closeReply: response.closeReply }).toEqual({
      status: 101,
      frame: null,
      closeReply: null,
    });
    expect(connection.events.map((event) => event.type).filter((type) => type !== 'close')).toEqual(events);
  });

  test('leave close and the server never closes TCP: WIRE_TIMEOUT, the response kept in the outcome', async () => {
    const server = await rawServer();
    const outcome = await settleRawExchange({
      port: server.port,
      request: handshake(server.port),
      awaitFrame: false,
      leave: 'close',
      timeoutMs: 200,
    });
    expect({ status: outcome.response?.status, code: outcome.error?.code }).toEqual({
      status: 101,
      code: 'WIRE_TIMEOUT',
    });
    expect(outcome.error?.message).toMatch(
      `no complete answer from port ${server.port} within 200 ms; received "HTTP/1.1 101`,
    );
  });
});

describe('elapsedMs and half requests', () => {
  test('elapsedMs runs to the response head, not to the close', async () => {
    const server = await scripted([bytes('HTTP/1.1 400 Bad Request\r\n\r\n'), bytes('body')], 'end', 150);
    const outcome = await settleRawExchange({ port: server.port, request: requestBytes(REQUEST) });
    expect(outcome.error).toBeNull();
    expect(outcome.response?.body).toBe('body');
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(outcome.response?.elapsedMs).toBe(outcome.elapsedMs);
  });

  test('half a request: exactly those bytes reach the server, then the timeout', async () => {
    const server = await scripted([bytes('HTTP/1.1 408 Request Timeout\r\n\r\n')]);
    const request = requestBytes(REQUEST).subarray(0, 20);
    const outcome = await settleRawExchange({ port: server.port, request, timeoutMs: 150 });
    expect({ response: outcome.response, code: outcome.error?.code }).toEqual({
      response: null,
      code: 'WIRE_TIMEOUT',
    });
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(server.received[0]?.bytes.toString('latin1')).toBe('GET /?a=1 HTTP/1.1\r\n');
  });
});
