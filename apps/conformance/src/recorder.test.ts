import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { addForwardedFor, ForwardingProxy } from './forwarding-proxy.js';
import { Recorder } from './recorder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers every chunk with "ok:<chunk>" and remembers the peer of each connection. */
async function answeringServer(): Promise<{
  port: number;
  peers: { address: string; port: number }[];
  heads: string[];
}> {
  const peers: { address: string; port: number }[] = [];
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    peers.push({ address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
    socket.on('data', (chunk) => {
      heads.push(chunk.toString('latin1'));
      socket.write(Buffer.concat([Buffer.from('ok:'), chunk]));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, peers, heads };
}

/** Sends bytes and collects what comes back until `expected` bytes arrived (bounded). */
async function exchange(port: number, bytes: Buffer, expected: number): Promise<Buffer> {
  const socket = connect({ port, host: '127.0.0.1' });
  let received = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 3 s')), 3_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= expected) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
  socket.destroy();
  return received;
}

describe('Recorder', () => {
  test('relays and keeps the exact bytes both ways, and the port the server saw', async () => {
    const upstream = await answeringServer();
    const recorder = await Recorder.start({ port: upstream.port });
    cleanups.push(() => recorder.close());
    const sent = Buffer.from([0x47, 0x45, 0x54, 0x20, 0xe9, 0x00, 0x0d, 0x0a]);
    const answer = await exchange(recorder.port, sent, sent.length + 3);
    expect(answer).toEqual(Buffer.concat([Buffer.from('ok:'), sent]));
    expect(await recorder.waitIdle(2_000)).toBe(true);
    expect(recorder.connections).toHaveLength(1);
    expect(recorder.connections[0]?.request).toEqual(sent);
    expect(recorder.connections[0]?.response).toEqual(answer);
    expect(recorder.connections[0]?.upstreamLocalPort).toBe(upstream.peers[0]?.port);
  });

  test('with no target it records the request and never answers', async () => {
    const recorder = await Recorder.start(null);
    cleanups.push(() => recorder.close());
    const socket = connect({ port: recorder.port, host: '127.0.0.1' });
    let answered = false;
    socket.on('data', () => {
      answered = true;
    });
    socket.write('GET /silent HTTP/1.1\r\n\r\n');
    const deadline = Date.now() + 2_000;
    while (recorder.connections[0]?.request.length !== 24 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(recorder.connections[0]?.request.toString()).toBe('GET /silent HTTP/1.1\r\n\r\n');
    expect(await recorder.waitIdle(100)).toBe(false);
    socket.destroy();
    expect(await recorder.waitIdle(2_000)).toBe(true);
    expect(answered).toBe(false);
  });

  test.each([
    { name: 'relaying to a server that keeps its side open', relay: true },
    { name: 'with no target', relay: false },
  ])('a client FIN is answered with FIN at once and the attempt is idle: $name', async ({ relay }) => {
    // a server that never ends a connection on its own
    const keeping: Server = createServer({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => {});
      cleanups.push(async () => {
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => keeping.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => keeping.close(() => resolve())));
    const address = keeping.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const recorder = await Recorder.start(relay ? { port } : null);
    cleanups.push(() => recorder.close());
    const socket = connect({ port: recorder.port, host: '127.0.0.1', allowHalfOpen: true });
    cleanups.push(async () => {
      socket.destroy();
    });
    const fin = new Promise<boolean>((resolve) => {
      socket.once('end', () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    socket.end('GET / HTTP/1.1\r\n\r\n');
    expect(await fin).toBe(true);
    expect(await recorder.waitIdle(2_000)).toBe(true);
    expect(recorder.connections[0]?.request.toString('latin1')).toBe('GET / HTTP/1.1\r\n\r\n');
  });

  test('no connection, nothing recorded', async () => {
    const recorder = await Recorder.start(null);
    await recorder.close();
    expect(recorder.connections).toEqual([]);
  });
});

describe('ForwardingProxy', () => {
  test.each([
    {
      name: 'adds the header',
      head: 'GET / HTTP/1.1\r\nHost: a',
      expected: 'GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 127.0.0.3',
    },
    {
      name: 'appends to an existing header',
      head: 'GET / HTTP/1.1\r\nx-forwarded-for: 198.51.100.9 \r\nHost: a',
      expected: 'GET / HTTP/1.1\r\nx-forwarded-for: 198.51.100.9, 127.0.0.3\r\nHost: a',
    },
  ])('$name', ({ head, expected }) => {
    expect(addForwardedFor(head, '127.0.0.3')).toBe(expected);
  });

  test('forwards from its source address with X-Forwarded-For naming the peer', async () => {
    const upstream = await answeringServer();
    const proxy = await ForwardingProxy.start(upstream.port, '127.0.0.2');
    cleanups.push(() => proxy.close());
    const request = Buffer.from('GET /p HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await exchange(proxy.port, request, 10);
    expect(answer.toString('latin1').startsWith('ok:GET /p HTTP/1.1')).toBe(true);
    expect(upstream.peers[0]?.address).toBe('127.0.0.2');
    expect(upstream.heads.join('')).toBe('GET /p HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n');
  });
});
