import { describe, expect, test, vi } from 'vitest';
import { FakeWebSocket } from './_test/fake-socket.js';
import { SocketError } from './errors.js';
import { SocketMessageEvent } from './events.js';
import { wrapSocket } from './socket.js';

function wrapped(options = {}) {
  const raw = new FakeWebSocket();
  const errors: unknown[] = [];
  const socket = wrapSocket(raw, { onListenerError: (error) => errors.push(error), ...options });
  return { raw, socket, errors };
}

describe('wrapSocket arguments', () => {
  test.each([
    { name: 'null', value: null, shown: 'null' },
    { name: 'a number', value: 42, shown: 'number 42' },
    { name: 'a plain object', value: {}, shown: 'an object without send/close/readyState ([object Object])' },
    { name: 'a string', value: 'ws://x', shown: 'string ws://x' },
  ])('refuses $name with INVALID_SOCKET', ({ value, shown }) => {
    expect(() => wrapSocket(value)).toThrow(
      new SocketError(
        'INVALID_SOCKET',
        `wrapSocket() needs a WebSocket (ws, undici, Node's global or a browser's), but got ${shown}; pass the socket object itself.`,
      ),
    );
    try {
      wrapSocket(value);
    } catch (error) {
      expect((error as SocketError).code).toBe('INVALID_SOCKET');
    }
  });

  test.each([
    {
      options: { binaryType: 'fragments' },
      message: `binaryType must be 'blob', 'arraybuffer' or 'nodebuffer' (Node only), but got "fragments".`,
    },
    {
      options: { closeTimeoutMs: 0 },
      message: 'closeTimeoutMs must be a number of milliseconds between 1 and 2147483647, but got 0.',
    },
    {
      options: { closeTimeoutMs: Number.NaN },
      message: 'closeTimeoutMs must be a number of milliseconds between 1 and 2147483647, but got NaN.',
    },
    {
      options: { onListenerError: 'log' },
      message: 'onListenerError must be a function, but got string log.',
    },
  ])('refuses options $options with INVALID_OPTION', ({ options, message }) => {
    let caught: unknown;
    try {
      wrapSocket(new FakeWebSocket(), options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SocketError);
    expect(caught).toMatchObject({ code: 'INVALID_OPTION', message, closeCode: null });
  });

  test('the facade is an EventTarget with the WHATWG constants', () => {
    const { socket } = wrapped();
    expect(socket).toBeInstanceOf(EventTarget);
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
  });
});

describe('listeners', () => {
  test('order: listeners and the onmessage slot run where they were added; setting onmessage again keeps its slot', () => {
    const { raw, socket } = wrapped();
    const seen: string[] = [];
    socket.addEventListener('message', () => seen.push('a'));
    socket.onmessage = () => seen.push('on1');
    socket.addEventListener('message', () => seen.push('b'));
    socket.onmessage = () => seen.push('on2');
    raw.receive('x');
    expect(seen).toEqual(['a', 'on2', 'b']);
    socket.onmessage = null;
    raw.receive('y');
    expect(seen).toEqual(['a', 'on2', 'b', 'a', 'b']);
  });

  test('the same function twice is one listener; capture makes a second one; removal matches capture', () => {
    const { raw, socket } = wrapped();
    const listener = vi.fn();
    socket.addEventListener('message', listener);
    socket.addEventListener('message', listener);
    socket.addEventListener('message', listener, true);
    raw.receive('x');
    expect(listener).toHaveBeenCalledTimes(2);
    socket.removeEventListener('message', listener, { capture: true });
    raw.receive('y');
    expect(listener).toHaveBeenCalledTimes(3);
  });

  test('once, signal, handleEvent objects, and `this` is the facade', () => {
    const { raw, socket } = wrapped();
    const once = vi.fn();
    const controller = new AbortController();
    const aborted = vi.fn();
    const seenThis: unknown[] = [];
    const object = { handleEvent: vi.fn() };
    socket.addEventListener('message', once, { once: true });
    socket.addEventListener('message', aborted, { signal: controller.signal });
    socket.addEventListener('message', object);
    socket.addEventListener('message', function (this: unknown) {
      seenThis.push(this);
    });
    raw.receive('1');
    controller.abort();
    raw.receive('2');
    expect(once).toHaveBeenCalledTimes(1);
    expect(aborted).toHaveBeenCalledTimes(1);
    expect(object.handleEvent).toHaveBeenCalledTimes(2);
    expect(seenThis).toEqual([socket, socket]);
  });

  test('a listener removed during dispatch is skipped; one added during dispatch waits for the next event', () => {
    const { raw, socket } = wrapped();
    const seen: string[] = [];
    const second = () => seen.push('second');
    const late = () => seen.push('late');
    socket.addEventListener('message', () => {
      seen.push('first');
      socket.removeEventListener('message', second);
      socket.addEventListener('message', late);
    });
    socket.addEventListener('message', second);
    raw.receive('x');
    expect(seen).toEqual(['first']);
    raw.receive('y');
    expect(seen).toEqual(['first', 'first', 'late']);
  });

  test('a message nobody listens to is dropped; a handler or listener set afterwards gets the next one', () => {
    const { raw, socket } = wrapped();
    const seen: unknown[] = [];
    raw.receive('unheard');
    socket.onmessage = (event) => seen.push(`handler ${(event as SocketMessageEvent).data}`);
    raw.receive('a');
    socket.onmessage = null;
    raw.receive('unheard again');
    socket.addEventListener('message', (event) => seen.push(`listener ${event.data}`));
    raw.receive('b');
    expect(seen).toEqual(['handler a', 'listener b']);
  });

  test('stopImmediatePropagation stops later listeners; target and currentTarget are the facade', () => {
    const { raw, socket } = wrapped();
    const later = vi.fn();
    let event: SocketMessageEvent | undefined;
    socket.addEventListener('message', (received) => {
      event = received;
      received.stopImmediatePropagation();
    });
    socket.addEventListener('message', later);
    raw.receive('x');
    expect(later).not.toHaveBeenCalled();
    expect(event).toBeInstanceOf(SocketMessageEvent);
    expect(event?.target).toBe(socket);
    expect(event?.currentTarget).toBe(socket);
    expect(event?.origin).toBe('ws://example.test');
  });

  test('a throwing listener or handler goes to onListenerError; the others still run', () => {
    const { raw, socket, errors } = wrapped();
    const after = vi.fn();
    socket.onmessage = () => {
      throw new Error('handler');
    };
    socket.addEventListener('message', () => {
      throw new TypeError('listener');
    });
    socket.addEventListener('message', after);
    raw.receive('x');
    expect(errors).toEqual([new Error('handler'), new TypeError('listener')]);
    expect(after).toHaveBeenCalledTimes(1);
  });

  test('without onListenerError the error is reported on the console, and nothing is thrown', () => {
    const raw = new FakeWebSocket();
    const socket = wrapSocket(raw);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    socket.addEventListener('message', () => {
      throw new Error('boom');
    });
    expect(() => raw.receive('x')).not.toThrow();
    expect(spy).toHaveBeenCalledWith(
      '[@ws-compat/socket] an event listener threw; the connection carries on:',
      new Error('boom'),
    );
    spy.mockRestore();
  });

  test('dispatchEvent of a foreign event runs the listeners, isolated too', () => {
    const { socket, errors } = wrapped();
    const listener = vi.fn(() => {
      throw new Error('x');
    });
    socket.addEventListener('custom', listener);
    expect(socket.dispatchEvent(new Event('custom'))).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
  });
});

describe("close, from the facade's side", () => {
  test("the close event comes after a microtask, never inside the implementation's call; readyState 3 after", async () => {
    const { raw, socket } = wrapped();
    const seen: string[] = [];
    socket.addEventListener('close', () => seen.push(`close ${socket.readyState}`));
    raw.end(1000, 'bye', true);
    seen.push('after end');
    await Promise.resolve();
    expect(seen).toEqual(['after end', 'close 3']);
    raw.readyState = 2; // undici 7 moves it back
    expect(socket.readyState).toBe(3);
    await expect(socket.closed).resolves.toEqual({ code: 1000, reason: 'bye', wasClean: true });
  });

  test('a second close from the implementation is ignored: one close event per connection', async () => {
    const { raw, socket } = wrapped();
    const close = vi.fn();
    socket.addEventListener('close', close);
    raw.end(1000, '', true);
    raw.end(1006, '', false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(close).toHaveBeenCalledTimes(1);
  });

  test('a null message (undici 5 lost one) is not delivered and fails the connection', async () => {
    const { raw, socket } = wrapped();
    const seen: unknown[] = [];
    socket.addEventListener('message', (event) => seen.push(event.data));
    socket.addEventListener('error', (event) => seen.push(event.error.code));
    raw.receive(null);
    expect(raw.closes).toEqual([[]]);
    raw.end(1005, '', true);
    await socket.closed;
    expect(seen).toEqual(['UNDELIVERABLE_MESSAGE']);
  });

  test('send and close reach the implementation as validated values', () => {
    const { raw, socket } = wrapped();
    socket.send(new Uint16Array([1]));
    socket.close(undefined, 'why');
    expect(raw.sent).toEqual([new Uint8Array([1, 0])]);
    expect(raw.closes).toEqual([[1000, 'why']]);
    socket.close(4000);
    expect(raw.closes).toHaveLength(1);
  });
});
