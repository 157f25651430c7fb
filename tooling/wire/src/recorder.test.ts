import { connect, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { afterThisTest, rawServer } from './_test/cleanups.js';
import { textFrame } from './builders.js';
import { connectRaw } from './client.js';
import { headText } from './handshake.js';
import { startRecorder, type TcpRecorder } from './index.js';

async function recorder(options?: Parameters<typeof startRecorder>[0]): Promise<TcpRecorder> {
  const started = await startRecorder(options);
  afterThisTest(() => started.close());
  return started;
}
async function dial(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  afterThisTest(() => {
    socket.destroy();
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 3000) throw new Error('condition not met within 3 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('startRecorder with a target: a relay that keeps both directions', () => {
  test('the exact handshake and frames of each direction, and the ports each side saw', async () => {
    const server = await rawServer({ protocol: 'chat' });
    const relay = await recorder({ target: { port: server.port } });
    const client = await connectRaw(`ws://127.0.0.1:${relay.port}/path?x=1`, { protocols: ['chat'] });
    afterThisTest(() => client.destroy());
    const serverSide = await server.nextConnection();
    await serverSide.write(textFrame('hi'));
    expect((await client.nextFrame()).payload.toString()).toBe('hi');

    expect(relay.connections).toHaveLength(1);
    const [recorded] = relay.connections;
    const request = headText(recorded!.request);
    expect(request.split('\r\n').slice(0, 3)).toEqual([
      'GET /path?x=1 HTTP/1.1',
      `Host: 127.0.0.1:${relay.port}`,
      'Upgrade: websocket',
    ]);
    expect(request).toContain('Sec-WebSocket-Protocol: chat');
    expect(headText(recorded!.response).split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    // the server's frame follows the response head byte for byte
    expect([...recorded!.response.subarray(-4)]).toEqual([0x81, 0x02, 0x68, 0x69]);
    expect(recorded!.clientPort).toBe(client.socket.localPort);
    expect(recorded!.upstreamLocalPort).toBe(serverSide.socket.remotePort);
    expect(recorded!.closed).toBe(false);

    // both ends half-close: the relay forwards each FIN and is idle once both went through
    client.end();
    await serverSide.waitForEvent('fin');
    expect(await relay.waitIdle(50)).toBe(false);
    serverSide.end();
    expect(await relay.waitIdle(3000)).toBe(true);
    expect(recorded!.closed).toBe(true);
  });

  test('a half-close travels through: the server sees FIN and can still answer', async () => {
    const server = await rawServer({ protocol: 'chat' });
    const relay = await recorder({ target: { port: server.port } });
    const client = await connectRaw(`ws://127.0.0.1:${relay.port}/`);
    afterThisTest(() => client.destroy());
    const serverSide = await server.nextConnection();
    client.end();
    await serverSide.waitForEvent('fin');
    await serverSide.write(textFrame('after fin'));
    expect((await client.nextFrame()).payload.toString()).toBe('after fin');
  });
});

describe('startRecorder without a target: a server that stalls', () => {
  test('keeps the bytes, never answers, one entry per connection', async () => {
    const stalled = await recorder();
    const first = await dial(stalled.port);
    const second = await dial(stalled.port);
    first.write('GET / HTTP/1.1\r\n');
    first.write('Host: x\r\n\r\nextra');
    second.write(Buffer.from([0x00, 0xff]));
    await until(
      () => stalled.connections[0]?.request.length === 32 && stalled.connections[1]?.request.length === 2,
    );
    expect(stalled.connections.map((connection) => [...connection.request])).toEqual([
      [...Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\nextra', 'latin1')],
      [0x00, 0xff],
    ]);
    expect(stalled.connections.map((connection) => connection.response.length)).toEqual([0, 0]);
    let answered = false;
    first.on('data', () => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    expect(await stalled.waitIdle(20)).toBe(false);
  });

  test('maxBytes caps what is kept per direction', async () => {
    const stalled = await recorder({ maxBytes: 4 });
    const socket = await dial(stalled.port);
    socket.write('abcdef');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stalled.connections[0]?.request.toString('latin1')).toBe('abcd');
  });
});

describe('startRecorder with allowHalfOpen: false: the first FIN ends both sides', () => {
  test.each([
    {
      name: 'the client half-closes: it gets FIN back at once, the server sees FIN',
      first: 'client' as const,
    },
    { name: 'the server half-closes: the client gets FIN', first: 'server' as const },
  ])('relay: $name; idle without the other side ending', async ({ first }) => {
    const server = await rawServer({ protocol: 'chat' });
    const relay = await recorder({ target: { port: server.port }, allowHalfOpen: false });
    const client = await connectRaw(`ws://127.0.0.1:${relay.port}/`);
    afterThisTest(() => client.destroy());
    const serverSide = await server.nextConnection();
    const [closer, other] = first === 'client' ? [client, serverSide] : [serverSide, client];
    closer.end();
    await other.waitForEvent('fin');
    // the relay answered the closer's FIN with its own
    await closer.waitForEvent('fin');
    expect(await relay.waitIdle(3000)).toBe(true);
    expect(relay.connections[0]?.closed).toBe(true);
  });

  test('stalled: a client FIN is answered with FIN and the connection counts as closed', async () => {
    const stalled = await recorder({ allowHalfOpen: false });
    const socket = await dial(stalled.port);
    const fin = new Promise((resolve) => socket.once('end', resolve));
    socket.end('GET / HTTP/1.1\r\n\r\n');
    await fin;
    expect(await stalled.waitIdle(3000)).toBe(true);
    expect(stalled.connections[0]?.request.toString('latin1')).toBe('GET / HTTP/1.1\r\n\r\n');
  });

  test('stalled, default allowHalfOpen: a client FIN is not answered and the connection stays open', async () => {
    const stalled = await recorder();
    const socket = await dial(stalled.port);
    let fin = false;
    socket.once('end', () => {
      fin = true;
    });
    socket.end('GET / HTTP/1.1\r\n\r\n');
    expect(await stalled.waitIdle(100)).toBe(false);
    expect(fin).toBe(false);
  });
});

describe('startRecorder rejects bad options with WIRE_BAD_OPTION', () => {
  test.each([
    {
      name: 'port 0',
      options: { target: { port: 0 } },
      message: "target.port must be an integer port 1-65535, got 0; pass the upstream's listening port",
    },
    {
      name: 'port 70000',
      options: { target: { port: 70000 } },
      message: "target.port must be an integer port 1-65535, got 70000; pass the upstream's listening port",
    },
    {
      name: 'negative maxBytes',
      options: { maxBytes: -1 },
      message: 'maxBytes must be a non-negative integer, got -1; omit it for 65536',
    },
    {
      name: 'fractional maxBytes',
      options: { maxBytes: 1.5 },
      message: 'maxBytes must be a non-negative integer, got 1.5; omit it for 65536',
    },
    {
      name: 'allowHalfOpen not a boolean',
      options: { allowHalfOpen: 'no' as unknown as boolean },
      message: 'allowHalfOpen must be a boolean, got no; omit it to relay half-closes',
    },
  ])('$name', async ({ options, message }) => {
    await expect(startRecorder(options)).rejects.toMatchObject({
      name: 'TypeError',
      code: 'WIRE_BAD_OPTION',
      message,
    });
  });
});

describe('headText', () => {
  test.each([
    { name: 'complete head', bytes: 'GET / HTTP/1.1\r\nA: b\r\n\r\nframe', head: 'GET / HTTP/1.1\r\nA: b' },
    { name: 'incomplete head', bytes: 'GET / HTTP/1.1\r\nA: b\r\n', head: 'GET / HTTP/1.1\r\nA: b\r\n' },
    { name: 'Latin-1 byte', bytes: 'X: \xe9\r\n\r\n', head: 'X: \xe9' },
    { name: 'empty', bytes: '', head: '' },
  ])('$name', ({ bytes, head }) => {
    expect(headText(Buffer.from(bytes, 'latin1'))).toBe(head);
    // a view into a larger buffer reads only its own bytes
    const larger = Buffer.from(`zz${bytes}`, 'latin1').subarray(2);
    expect(headText(new Uint8Array(larger.buffer, larger.byteOffset, larger.byteLength))).toBe(head);
  });
});
