import { describe, expectTypeOf, test } from 'vitest';
import {
  type BinaryType,
  type CloseInfo,
  type CompatSocket,
  type NodeBuffer,
  type SocketCloseEvent,
  type SocketError,
  type SocketErrorCode,
  type SocketErrorEvent,
  type SocketMessageEvent,
  waitForBufferedAmount,
  wrapSocket,
} from './index.js';

declare const socket: CompatSocket;

describe('types', () => {
  test('wrapSocket takes any socket and returns the facade', () => {
    expectTypeOf(wrapSocket).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(wrapSocket({})).toEqualTypeOf<CompatSocket>();
    expectTypeOf(socket).toExtend<EventTarget>();
  });

  test('message data: a string for text, Blob | ArrayBuffer | Buffer for binary', () => {
    socket.addEventListener('message', (event) => {
      expectTypeOf(event).toEqualTypeOf<SocketMessageEvent<string | Blob | ArrayBuffer | NodeBuffer>>();
      expectTypeOf(event.data).toEqualTypeOf<string | Blob | ArrayBuffer | NodeBuffer>();
      if (typeof event.data === 'string') expectTypeOf(event.data).toEqualTypeOf<string>();
    });
    socket.onmessage = (event) => {
      expectTypeOf(event.data).toEqualTypeOf<string | Blob | ArrayBuffer | NodeBuffer>();
    };
  });

  test('NodeBuffer is the Buffer of @types/node', () => {
    expectTypeOf<NodeBuffer>().toExtend<Buffer>();
    expectTypeOf<NodeBuffer>().not.toBeAny();
  });

  test('close and error events', () => {
    socket.addEventListener('close', (event) => {
      expectTypeOf(event).toEqualTypeOf<SocketCloseEvent>();
      expectTypeOf(event.reason).toEqualTypeOf<string>();
      expectTypeOf(event.code).toEqualTypeOf<number>();
      expectTypeOf(event.wasClean).toEqualTypeOf<boolean>();
    });
    socket.addEventListener('error', (event) => {
      expectTypeOf(event).toEqualTypeOf<SocketErrorEvent>();
      expectTypeOf(event.message).toEqualTypeOf<string>();
      expectTypeOf(event.error).toEqualTypeOf<SocketError>();
      expectTypeOf(event.error.code).toEqualTypeOf<SocketErrorCode>();
      expectTypeOf(event.error.closeCode).toEqualTypeOf<number | null>();
    });
    socket.addEventListener('custom', (event) => {
      expectTypeOf(event).toEqualTypeOf<Event>();
    });
    expectTypeOf(socket.closed).toEqualTypeOf<Promise<CloseInfo>>();
  });

  test('send, close, binaryType, readyState', () => {
    expectTypeOf(socket.send).parameter(0).toEqualTypeOf<string | ArrayBuffer | ArrayBufferView | Blob>();
    // @ts-expect-error a number is String()-ed at run time, but the types ask for a string
    socket.send(42);
    expectTypeOf(socket.close).parameters.toEqualTypeOf<[code?: number, reason?: string]>();
    expectTypeOf(socket.binaryType).toEqualTypeOf<BinaryType>();
    // @ts-expect-error not a binaryType
    socket.binaryType = 'fragments';
    expectTypeOf(socket.readyState).toEqualTypeOf<0 | 1 | 2 | 3>();
    expectTypeOf(waitForBufferedAmount(socket)).toEqualTypeOf<Promise<void>>();
  });
});
