import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { afterThisTest, rawServer } from './_test/cleanups.js';
import { closeFrame, textFrame } from './builders.js';
import { connectRaw } from './client.js';
import { decodeClosePayload } from './decode.js';
import { acceptKey } from './handshake.js';
import { Opcode } from './opcodes.js';
import { refusingPort } from './port.js';

const require = createRequire(import.meta.url);
// The few ws 8 members these tests use (this package does not depend on @types/ws).
interface WsClient {
  protocol: string;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  once(event: string, listener: (...args: never[]) => void): void;
  send(data: string): void;
  terminate(): void;
}
interface WsServer {
  on(event: 'connection', listener: (socket: WsClient) => void): void;
  once(event: 'listening', listener: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
}
const { WebSocket, WebSocketServer } = require('ws8') as {
  WebSocket: new (url: string, protocols?: string[]) => WsClient;
  WebSocketServer: new (options: object) => WsServer;
};

test('acceptKey: the RFC 6455 section 1.3 example', () => {
  expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

describe('startRawServer with a real ws 8 client', () => {
  test('handshake, exact frames both ways, the client close frame and its FIN', async () => {
    const server = await rawServer({ protocol: (offered) => offered[0] ?? null });
    const client = new WebSocket(`${server.url}chat?x=1`, ['chat', 'superchat']);
    const messages: string[] = [];
    client.on('message', (data: Buffer) => messages.push(data.toString()));
    const opened = new Promise((resolve) => client.once('open', resolve));
    const connection = await server.nextConnection();
    await opened;
    expect(connection.head.startLine).toBe('GET /chat?x=1 HTTP/1.1');
    expect(connection.head.headers['sec-websocket-protocol']).toBe('chat,superchat');
    expect(client.protocol).toBe('chat');

    await connection.write(textFrame('héllo'));
    client.send('hi');
    const frame = await connection.nextFrame();
    expect(frame).toMatchObject({ opcode: Opcode.TEXT, fin: true, masked: true });
    expect(frame.payload.toString()).toBe('hi');
    await expect.poll(() => messages).toEqual(['héllo']);

    await connection.write(closeFrame(4001, 'custom'));
    const reply = await connection.nextFrame();
    expect(reply.opcode).toBe(Opcode.CLOSE);
    expect(decodeClosePayload(reply.payload)).toMatchObject({ code: 4001, reasonText: 'custom' });
    // ws half-closes after the closing handshake; the raw server never closes TCP on its own.
    await connection.waitForEvent('fin');
    expect(connection.events.some((event) => event.type === 'close')).toBe(false);
    connection.destroy();
    await connection.closed;
  });

  test('a frame in the same TCP write as the 101 (greeting) arrives', async () => {
    const server = await rawServer({ greeting: [textFrame('early')] });
    const client = new WebSocket(server.url);
    const first = new Promise<string>((resolve) =>
      client.once('message', (data: Buffer) => resolve(data.toString())),
    );
    await expect(first).resolves.toBe('early');
    client.terminate();
  });

  test('a client reset shows up as rst or close', async () => {
    const server = await rawServer();
    const client = new WebSocket(server.url);
    await new Promise((resolve) => client.once('open', resolve));
    const connection = await server.nextConnection();
    (client as unknown as { _socket: { resetAndDestroy(): void } })._socket.resetAndDestroy();
    await connection.waitForEvent('close');
    expect(connection.events.map((event) => event.type)).toContain('rst');
  });

  test('nextConnection rejects with a clear message when nobody connects', async () => {
    const server = await rawServer();
    await expect(server.nextConnection(50)).rejects.toThrow('no WebSocket connection #1 within 50 ms');
  });
});

describe('connectRaw against a real ws 8 server', () => {
  test('masked frames out, unmasked frames in, the server close reply', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'chat' });
    afterThisTest(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const received: [string, boolean][] = [];
    wss.on('connection', (socket) => {
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        received.push([data.toString('hex'), isBinary]);
        socket.send('echo');
      });
    });
    const { port } = wss.address();
    const connection = await connectRaw(`ws://127.0.0.1:${port}/x`, { protocols: ['chat'] });
    expect(connection.head.headers['sec-websocket-protocol']).toBe('chat');
    await connection.sendText('héllo');
    const echo = await connection.nextFrame();
    expect(echo).toMatchObject({ opcode: Opcode.TEXT, masked: false });
    expect(echo.payload.toString()).toBe('echo');
    expect(received).toEqual([[Buffer.from('héllo').toString('hex'), false]]);
    await connection.sendClose(4001, 'custom');
    const reply = await connection.nextFrame();
    expect(decodeClosePayload(reply.payload)).toMatchObject({ code: 4001, reasonText: 'custom' });
    // the server ends TCP after the closing handshake; the raw side stays open until told
    await connection.waitForEvent('fin');
    connection.end();
    await connection.closed;
  });

  test('a refused connection rejects', async () => {
    const refusing = await refusingPort();
    afterThisTest(() => refusing.release());
    await expect(connectRaw(`ws://127.0.0.1:${refusing.port}/`)).rejects.toThrow('ECONNREFUSED');
  });
});
