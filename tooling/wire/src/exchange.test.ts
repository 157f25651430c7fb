import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { closeFrame, textFrame } from './builders.js';
import { rawExchange, requestBytes } from './exchange.js';
import { closedPort } from './port.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Scripted {
  port: number;
  /** exact bytes each connection sent, and the peer address it came from */
  received: { bytes: Buffer; remoteAddress: string | undefined }[];
}
/** A TCP server that waits for a full request head, then writes `answer` in the given chunks. */
async function scripted(answer: readonly Uint8Array[], after: 'end' | 'stay' = 'stay'): Promise<Scripted> {
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
        for (const part of answer) {
          socket.write(part);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (after === 'end') socket.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
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
      setup: () => closedPort(),
      timeoutMs: 3000,
      code: 'ECONNREFUSED',
      message: (port: number) => `connect ECONNREFUSED 127.0.0.1:${port}; received ""`,
    },
  ])('rejects: $name ($code)', async ({ setup, timeoutMs, code, message }) => {
    const port = await setup();
    await expect(rawExchange({ port, request: requestBytes(REQUEST), timeoutMs })).rejects.toMatchObject({
      code,
      message: message(port),
    });
  });
});
