// Test-only: the one client suite every real client runs (src/clients/*.test.ts). Each case is a row
// of /work/shared/research/after-handshake-facts.md, driven by a raw server writing exact bytes.
import {
  binaryFrame,
  closeFrame,
  decodeClosePayload,
  encodeFrame,
  type Frame,
  fragmentFrames,
  Opcode,
  pingFrame,
  type RawConnection,
  type RawServer,
  startRawServer,
  textFrame,
} from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wrapSocket } from '../socket.js';
import type { CompatSocket, SocketOptions } from '../types.js';
import type { ClientUnderTest } from './clients.js';
import { type HangingServer, startHangingServer } from './hanging-server.js';
import { hexOf, messages, type Recorded, record, until } from './record.js';

interface Opened {
  socket: CompatSocket;
  connection: RawConnection;
  events: Recorded[];
  listenerErrors: unknown[];
}

const closeOf = (events: readonly Recorded[]) => events.find((event) => event.type === 'close');
const errorsOf = (events: readonly Recorded[]) => events.filter((event) => event.type === 'error');

export function runClientSuite(load: () => ClientUnderTest): void {
  const client = load();
  const caps = client.capabilities;

  describe(`${client.id} wrapped`, () => {
    let server: RawServer;
    let hanging: HangingServer;

    beforeAll(async () => {
      server = await startRawServer();
      hanging = await startHangingServer();
    });
    afterAll(async () => {
      await server.close();
      await hanging.close();
    });

    async function open(options: SocketOptions = {}): Promise<Opened> {
      const listenerErrors: unknown[] = [];
      const socket = wrapSocket(new client.WebSocket(server.url), {
        onListenerError: (error) => listenerErrors.push(error),
        ...options,
      });
      const events = record(socket);
      const connection = await server.nextConnection();
      await until(() => socket.readyState === 1, 'open');
      return { socket, connection, events, listenerErrors };
    }

    async function closedBy(opened: Opened): Promise<Extract<Recorded, { type: 'close' }>> {
      await until(() => closeOf(opened.events) !== undefined, 'the close event');
      return closeOf(opened.events) as Extract<Recorded, { type: 'close' }>;
    }

    /** Plays a well-behaved server after a failure: once the client half-closes or drops, end TCP too. */
    async function endWhenClientEnds(connection: RawConnection): Promise<void> {
      await connection.waitForEvent(
        (event) =>
          event.type === 'fin' ||
          event.type === 'close' ||
          event.type === 'rst' ||
          (event.type === 'frame' && event.frame.opcode === Opcode.CLOSE),
      );
      connection.end();
    }

    /** The next frame the client sent, skipping pongs. */
    async function nextDataFrame(connection: RawConnection): Promise<Frame> {
      for (;;) {
        const frame = await connection.nextFrame();
        if (frame.opcode !== Opcode.PONG) return frame;
      }
    }

    test('Q1: a text message is one string, whatever the implementation hands over', async () => {
      const opened = await open();
      await opened.connection.write(textFrame('héllo ✓'));
      await until(() => messages(opened.events).length === 1, 'the message');
      expect(messages(opened.events)).toEqual(['héllo ✓']);
      opened.socket.close();
    });

    test.each([
      { binaryType: 'blob' as const, type: Blob },
      { binaryType: 'arraybuffer' as const, type: ArrayBuffer },
      { binaryType: 'nodebuffer' as const, type: Buffer },
    ])('Q2: binaryType $binaryType delivers that type with the exact bytes', async ({ binaryType, type }) => {
      const opened = await open({ binaryType });
      await opened.connection.write(binaryFrame([1, 2, 3, 0xfa]));
      await until(() => messages(opened.events).length === 1, 'the message');
      const [data] = messages(opened.events);
      expect(data).toBeInstanceOf(type);
      expect(await hexOf(data)).toBe('010203fa');
      opened.socket.close();
    });

    test('Q2: an unknown binaryType is ignored and never reaches the implementation', async () => {
      const opened = await open();
      opened.socket.binaryType = 'arraybuffer';
      const rawBefore = (opened.socket.raw as { binaryType: string }).binaryType;
      for (const bogus of ['bogus', 'Blob', undefined, 'fragments']) {
        opened.socket.binaryType = bogus as never;
        expect(opened.socket.binaryType).toBe('arraybuffer');
        expect((opened.socket.raw as { binaryType: string }).binaryType).toBe(rawBefore);
      }
      await opened.connection.write(binaryFrame([7]));
      await until(() => messages(opened.events).length === 1, 'the message');
      expect(messages(opened.events)[0]).toBeInstanceOf(ArrayBuffer);
      opened.socket.close();
    });

    test.runIf(caps.joinsFragments)(
      'Q3: fragmented text (a ping inside, ö split across frames) and 3-fragment binary are one message each',
      async () => {
        const opened = await open({ binaryType: 'arraybuffer' });
        const ö = Buffer.from('ö');
        const text = fragmentFrames(Opcode.TEXT, [
          Buffer.concat([Buffer.from('h'), ö.subarray(0, 1)]),
          Buffer.concat([ö.subarray(1), Buffer.from('llo')]),
          ' w',
        ]);
        await opened.connection.write([text[0]!, pingFrame('p'), text[1]!, text[2]!]);
        await opened.connection.write(
          fragmentFrames(Opcode.BINARY, [Buffer.from([1]), Buffer.from([2]), Buffer.from([3])]),
        );
        await until(() => messages(opened.events).length === 2, 'two messages');
        const [first, second] = messages(opened.events);
        expect(first).toBe('höllo w');
        expect(await hexOf(second)).toBe('010203');
        opened.socket.close();
      },
    );

    test.runIf(!caps.joinsFragments)(
      'Q3: a message the implementation loses (data null) is never delivered; the connection fails with UNDELIVERABLE_MESSAGE',
      async () => {
        const opened = await open();
        await opened.connection.write(fragmentFrames(Opcode.TEXT, ['a', 'b', 'c']));
        await endWhenClientEnds(opened.connection);
        const close = await closedBy(opened);
        expect(messages(opened.events)).not.toContain(null);
        expect(errorsOf(opened.events).map((event) => event.code)).toEqual(['UNDELIVERABLE_MESSAGE']);
        expect(close).toMatchObject({ code: 1006, wasClean: false, readyState: 3 });
      },
    );

    test('onmessage assignment keeps addEventListener listeners (ws 2-7 delete them)', async () => {
      const opened = await open();
      const seen: string[] = [];
      opened.socket.addEventListener('message', () => seen.push('listener'));
      opened.socket.onmessage = () => seen.push('onmessage 1');
      opened.socket.onmessage = () => seen.push('onmessage 2');
      await opened.connection.write(textFrame('x'));
      await until(() => seen.length >= 2, 'both listeners');
      expect(seen).toEqual(['listener', 'onmessage 2']);
      opened.socket.close();
    });

    test.runIf(caps.validatesUtf8)('Q4: invalid UTF-8 text: one error, close 1006, no message', async () => {
      const opened = await open();
      await opened.connection.write(textFrame(new Uint8Array([0x68, 0x69, 0xff, 0xfe])));
      await endWhenClientEnds(opened.connection);
      const close = await closedBy(opened);
      expect(messages(opened.events)).toEqual([]);
      const errors = errorsOf(opened.events);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).not.toBe('');
      expect(errors[0]!.code).toBe(caps.describesErrors ? 'INVALID_PAYLOAD' : 'ABNORMAL_CLOSURE');
      expect(close).toEqual({ type: 'close', code: 1006, reason: '', wasClean: false, readyState: 3 });
    });

    test.each([
      { name: '1000 bye', frame: () => closeFrame(1000, 'bye'), code: 1000, reason: 'bye' },
      { name: '4001 custom', frame: () => closeFrame(4001, 'custom'), code: 4001, reason: 'custom' },
    ])(
      'Q5a: the server closes with $name: reason is a string, wasClean true, closed resolves',
      async ({ frame, code, reason }) => {
        const opened = await open();
        await opened.connection.write(frame());
        const reply = await nextDataFrame(opened.connection);
        expect(reply.opcode).toBe(Opcode.CLOSE);
        opened.connection.end();
        const close = await closedBy(opened);
        expect(close).toEqual({ type: 'close', code, reason, wasClean: true, readyState: 3 });
        await expect(opened.socket.closed).resolves.toEqual({ code, reason, wasClean: true });
        expect(errorsOf(opened.events)).toEqual([]);
      },
    );

    test('Q5a: an empty close frame', async () => {
      const opened = await open();
      await opened.connection.write(closeFrame());
      await nextDataFrame(opened.connection);
      opened.connection.end();
      const close = await closedBy(opened);
      expect(close).toMatchObject({ code: caps.emptyCloseCode, reason: '', wasClean: true });
    });

    test("Q5a: a TCP drop: one error (ABNORMAL_CLOSURE or the implementation's reason), then close 1006", async () => {
      const opened = await open();
      opened.connection.destroy();
      const close = await closedBy(opened);
      expect(close).toEqual({ type: 'close', code: 1006, reason: '', wasClean: false, readyState: 3 });
      const errors = errorsOf(opened.events);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).not.toBe('');
      expect(opened.events.map((event) => event.type)).toEqual(['open', 'error', 'close']);
    });

    test.each([
      { name: 'close code 1001', args: [1001], error: 'InvalidAccessError' },
      { name: 'close code 999', args: [999], error: 'InvalidAccessError' },
      { name: 'close code 5000', args: [5000], error: 'InvalidAccessError' },
      { name: 'close code NaN', args: [Number.NaN], error: 'InvalidAccessError' },
      { name: 'a 124-byte reason', args: [1000, 'x'.repeat(124)], error: 'SyntaxError' },
      { name: 'a 124-byte reason in 62 é', args: [4000, 'é'.repeat(62)], error: 'SyntaxError' },
    ])(
      'Q5b: $name throws $error before the implementation is touched; close(1000) still works',
      async ({ args, error }) => {
        const opened = await open();
        expect(() => opened.socket.close(...(args as [number, string?]))).toThrow(
          expect.objectContaining({ name: error }),
        );
        expect(opened.socket.readyState).toBe(1);
        opened.socket.close(1000);
        const frame = await nextDataFrame(opened.connection);
        const code = caps.wireCodeWithoutReason.normal;
        expect(decodeClosePayload(frame.payload)).toMatchObject({ code, reasonText: '' });
        await opened.connection.write(closeFrame(code ?? undefined));
        opened.connection.end();
        expect(await closedBy(opened)).toMatchObject({ code: code ?? caps.emptyCloseCode, wasClean: true });
      },
    );

    test.each([
      { name: '()', args: [], code: caps.wireCodeWithoutReason.none, reason: '' },
      { name: '(undefined, "why")', args: [undefined, 'why'], code: 1000, reason: 'why' },
      { name: '("1000")', args: ['1000'], code: caps.wireCodeWithoutReason.normal, reason: '' },
      { name: '(1000.5)', args: [1000.5], code: caps.wireCodeWithoutReason.normal, reason: '' },
      { name: '(4999, 123 bytes)', args: [4999, 'r'.repeat(123)], code: 4999, reason: 'r'.repeat(123) },
    ])('Q5b: close$name sends that close frame', async ({ args, code, reason }) => {
      const opened = await open();
      opened.socket.close(...(args as [number?, string?]));
      expect(opened.socket.readyState).toBe(2);
      const frame = await nextDataFrame(opened.connection);
      expect(frame.opcode).toBe(Opcode.CLOSE);
      expect(decodeClosePayload(frame.payload)).toMatchObject({ code, reasonText: reason });
      await opened.connection.write(closeFrame(code ?? undefined, reason === '' ? undefined : reason));
      opened.connection.end();
      expect(await closedBy(opened)).toMatchObject({ code: code ?? caps.emptyCloseCode, wasClean: true });
    });

    test('Q5b: close() while CONNECTING: error CLOSED_BEFORE_OPEN, close 1006 after the call, readyState 3 for good', async () => {
      const socket = wrapSocket(new client.WebSocket(hanging.url));
      const events = record(socket);
      socket.close();
      expect(events).toEqual([]); // never inside close()
      expect(socket.readyState).toBe(2);
      await expect(socket.closed).resolves.toEqual({ code: 1006, reason: '', wasClean: false });
      expect(events).toEqual([
        expect.objectContaining({ type: 'error', code: 'CLOSED_BEFORE_OPEN' }),
        { type: 'close', code: 1006, reason: '', wasClean: false, readyState: 3 },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(socket.readyState).toBe(3);
    });

    test('Q6: send while CONNECTING throws InvalidStateError', async () => {
      const socket = wrapSocket(new client.WebSocket(hanging.url));
      expect(() => socket.send('early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
      socket.close();
      await socket.closed;
    });

    test('Q6: send coerces like WHATWG and sends views as their exact bytes, Blobs in order', async () => {
      const opened = await open();
      const send = opened.socket.send.bind(opened.socket) as (data: unknown) => void;
      const sub = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
      send('text');
      send(null);
      send(undefined);
      send([1, 2]);
      send({ a: 1 });
      send(true);
      send(42);
      send(new Uint16Array([0x0102, 0x0304]));
      send(new DataView(new Uint8Array([5, 6, 7]).buffer));
      send(sub);
      send(new Uint8Array([1, 2]).buffer);
      send(new Blob([new Uint8Array([0xb1, 0x0b])]));
      send('after blob');
      const expected = [
        [Opcode.TEXT, 'text'],
        [Opcode.TEXT, 'null'],
        [Opcode.TEXT, 'undefined'],
        [Opcode.TEXT, '1,2'],
        [Opcode.TEXT, '[object Object]'],
        [Opcode.TEXT, 'true'],
        [Opcode.TEXT, '42'],
        [Opcode.BINARY, '02010403'],
        [Opcode.BINARY, '050607'],
        [Opcode.BINARY, '010203'],
        [Opcode.BINARY, '0102'],
        [Opcode.BINARY, 'b10b'],
        [Opcode.TEXT, 'after blob'],
      ];
      const got: [number, string][] = [];
      for (let index = 0; index < expected.length; index++) {
        const frame = await nextDataFrame(opened.connection);
        got.push([
          frame.opcode,
          frame.opcode === Opcode.TEXT ? frame.payload.toString() : frame.payload.toString('hex'),
        ]);
      }
      expect(got).toEqual(expected);
      expect(() => (opened.socket.send as () => void)()).toThrow(TypeError);
      opened.socket.close();
    });

    test('Q6: after close() data is dropped and counted in bufferedAmount; nothing reaches the wire', async () => {
      const opened = await open();
      opened.socket.close(1000);
      const before = opened.socket.bufferedAmount;
      opened.socket.send('héllo'); // 6 bytes
      opened.socket.send(new Uint8Array(4));
      expect(opened.socket.bufferedAmount - before).toBe(10);
      const frame = await nextDataFrame(opened.connection);
      expect(frame.opcode).toBe(Opcode.CLOSE);
      await opened.connection.write(closeFrame(1000));
      opened.connection.end();
      await closedBy(opened);
      opened.socket.send('late');
      expect(opened.socket.bufferedAmount - before).toBe(14);
      expect(opened.connection.frames.filter((candidate) => candidate.opcode !== Opcode.PONG)).toHaveLength(
        1,
      );
    });

    test('Q10: a listener that throws goes to onListenerError; later messages and the close still arrive', async () => {
      const opened = await open();
      let calls = 0;
      opened.socket.addEventListener('message', () => {
        calls++;
        if (calls === 1) throw new Error('listener bug');
      });
      await opened.connection.write([textFrame('m1'), textFrame('m2'), textFrame('m3'), closeFrame(1000)]);
      await nextDataFrame(opened.connection);
      opened.connection.end();
      const close = await closedBy(opened);
      expect(messages(opened.events)).toEqual(['m1', 'm2', 'm3']);
      expect(opened.listenerErrors).toEqual([new Error('listener bug')]);
      expect(close).toMatchObject({ code: 1000, wasClean: true });
    });

    test.runIf(caps.rejectsRsv1).each([
      { name: 'RSV1 without an extension', bytes: () => textFrame('hi', { rsv1: true }) },
      { name: 'reserved opcode 3', bytes: () => encodeFrame({ opcode: Opcode.RESERVED_3 }) },
    ])('Q10: $name: one error with a message and a stable code, close 1006', async ({ bytes }) => {
      const opened = await open();
      await opened.connection.write(bytes());
      await endWhenClientEnds(opened.connection);
      const close = await closedBy(opened);
      const errors = errorsOf(opened.events);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).not.toBe('');
      expect(errors[0]!.code).toBe(caps.describesErrors ? 'PROTOCOL_ERROR' : 'ABNORMAL_CLOSURE');
      if (caps.describesErrors) expect(errors[0]!.closeCode).toBe(1002);
      expect(close).toMatchObject({ code: 1006, wasClean: false, readyState: 3 });
    });

    test('Q5a: the peer answers the close but never closes TCP: close fires after closeTimeoutMs', async () => {
      const opened = await open({ closeTimeoutMs: 300 });
      const started = Date.now();
      opened.socket.close(1000, 'bye');
      await nextDataFrame(opened.connection);
      await opened.connection.write(closeFrame(1000, 'bye'));
      const close = await closedBy(opened);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(3000);
      expect(close).toMatchObject({ readyState: 3 });
      opened.connection.destroy();
    });

    test('wrapping twice returns the same facade', async () => {
      const raw = new client.WebSocket(hanging.url);
      const first = wrapSocket(raw);
      expect(wrapSocket(raw)).toBe(first);
      expect(first.raw).toBe(raw);
      first.close();
      await first.closed;
    });
  });
}
