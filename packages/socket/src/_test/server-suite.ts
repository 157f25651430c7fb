// Test-only: the one server-side suite every ws major runs (src/servers/*.test.ts): the raw wire client
// sends exact masked bytes to a real ws server whose sockets are wrapped inside 'connection'.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectRaw, decodeClosePayload, Opcode, type RawConnection, textFrame } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wrapSocket } from '../socket.js';
import type { CompatSocket, SocketOptions } from '../types.js';
import { hexOf, messages, type Recorded, record, until } from './record.js';
import type { ServerUnderTest } from './servers.js';

interface Accepted {
  socket: CompatSocket;
  connection: RawConnection;
  events: Recorded[];
  listenerErrors: unknown[];
}

export function runServerSuite(load: () => ServerUnderTest): void {
  const subject = load();
  const caps = subject.capabilities;

  describe(`${subject.id} sockets wrapped inside 'connection'`, () => {
    let http: Server;
    let url: string;
    let options: SocketOptions = {};
    const accepted: Accepted[] = [];

    beforeAll(async () => {
      http = createServer();
      const wss = new subject.Server({ server: http });
      wss.on('connection', (raw) => {
        const listenerErrors: unknown[] = [];
        const socket = wrapSocket(raw, {
          onListenerError: (error) => listenerErrors.push(error),
          ...options,
        });
        accepted.push({ socket, events: record(socket), listenerErrors, connection: undefined as never });
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
      url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      for (const entry of accepted) entry.connection.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });

    async function accept(socketOptions: SocketOptions = {}): Promise<Accepted> {
      options = socketOptions;
      const before = accepted.length;
      const connection = await connectRaw(url);
      await until(() => accepted.length > before, 'the connection event');
      const entry = accepted[before]!;
      entry.connection = connection;
      return entry;
    }

    const closeOf = (events: readonly Recorded[]) => events.find((event) => event.type === 'close');

    test('the facade is OPEN at once, with no url; text is a string, binary follows binaryType', async () => {
      const { socket, connection, events } = await accept({ binaryType: 'arraybuffer' });
      expect(socket.readyState).toBe(1);
      expect(socket.url).toBe('');
      expect(socket.extensions).toBe('');
      await connection.sendText('héllo');
      await connection.sendBinary(new Uint8Array([1, 2, 3]));
      await until(() => messages(events).length === 2, 'two messages');
      const [text, binary] = messages(events);
      expect(text).toBe('héllo');
      expect(binary).toBeInstanceOf(ArrayBuffer);
      expect(await hexOf(binary)).toBe('010203');
      socket.close();
    });

    test('the client closes with 4001 "custom": reason is a string (ws 8 hands a Buffer), wasClean true', async () => {
      const { socket, connection, events } = await accept();
      await connection.sendClose(4001, 'custom');
      const reply = await connection.nextFrame();
      expect(decodeClosePayload(reply.payload)).toMatchObject({ code: 4001, reasonText: 'custom' });
      connection.end();
      await until(() => closeOf(events) !== undefined, 'close');
      expect(closeOf(events)).toEqual({
        type: 'close',
        code: 4001,
        reason: 'custom',
        wasClean: true,
        readyState: 3,
      });
      await expect(socket.closed).resolves.toEqual({ code: 4001, reason: 'custom', wasClean: true });
    });

    test('the client drops TCP: one error, close 1006', async () => {
      const { connection, events } = await accept();
      connection.destroy();
      await until(() => closeOf(events) !== undefined, 'close');
      expect(events.map((event) => event.type)).toEqual(['error', 'close']);
      expect(closeOf(events)).toMatchObject({ code: 1006, wasClean: false });
    });

    test('send after close is dropped and counted, never thrown (ws 2-6 throw)', async () => {
      const { socket, connection, events } = await accept();
      socket.close(1000, 'bye');
      const frame = await connection.nextFrame();
      expect(decodeClosePayload(frame.payload)).toMatchObject({ code: 1000, reasonText: 'bye' });
      await connection.sendClose(1000, 'bye');
      connection.end();
      await until(() => closeOf(events) !== undefined, 'close');
      const before = socket.bufferedAmount;
      expect(() => socket.send('late')).not.toThrow();
      expect(socket.bufferedAmount - before).toBe(4);
    });

    test('a throwing listener does not stop the connection; later messages arrive', async () => {
      const { socket, connection, events, listenerErrors } = await accept();
      socket.addEventListener('message', (event) => {
        if (event.data === 'm1') throw new Error('bug');
      });
      await connection.write([textFrame('m1', { mask: true }), textFrame('m2', { mask: true })]);
      await until(() => messages(events).length === 2, 'two messages');
      expect(messages(events)).toEqual(['m1', 'm2']);
      expect(listenerErrors).toEqual([new Error('bug')]);
      socket.close();
    });

    test.runIf(caps.validatesUtf8)(
      'invalid UTF-8 from the client: one INVALID_PAYLOAD error, close 1006',
      async () => {
        const { connection, events } = await accept();
        await connection.write(textFrame(new Uint8Array([0x68, 0xff]), { mask: true }));
        await connection.waitForEvent(
          (event) => event.type === 'frame' && event.frame.opcode === Opcode.CLOSE,
        );
        connection.end();
        await until(() => closeOf(events) !== undefined, 'close');
        expect(events.filter((event) => event.type === 'error')).toEqual([
          expect.objectContaining({ code: 'INVALID_PAYLOAD', closeCode: 1007 }),
        ]);
        expect(closeOf(events)).toMatchObject({ code: 1006, wasClean: false });
      },
    );

    test.runIf(caps.requiresMask)('an unmasked client frame: one PROTOCOL_ERROR, close 1006', async () => {
      const { connection, events } = await accept();
      await connection.write(textFrame('hi', { mask: false }));
      await connection.waitForEvent((event) => event.type === 'frame' && event.frame.opcode === Opcode.CLOSE);
      connection.end();
      await until(() => closeOf(events) !== undefined, 'close');
      expect(events.filter((event) => event.type === 'error')).toEqual([
        expect.objectContaining({ code: 'PROTOCOL_ERROR', closeCode: 1002 }),
      ]);
    });

    test('a ws 7 style handler runs unchanged: text is a string on every major', async () => {
      const { socket, connection } = await accept();
      const replies: string[] = [];
      // written for ws 7, where text arrived as a string; on ws 8 the raw listener would get a Buffer
      socket.onmessage = (event) => {
        if (event.data === 'ping') replies.push('pong');
      };
      await connection.sendText('ping');
      await until(() => replies.length === 1, 'the reply');
      socket.close();
    });
  });
}
