import { createRequire } from 'node:module';
import { startRawServer } from '@ws-compat/wire';
import { describe, expect, test } from 'vitest';
import { FakeWebSocket } from './_test/fake-socket.js';
import { until } from './_test/record.js';
import { waitForBufferedAmount } from './drain.js';
import { SocketError } from './errors.js';
import { wrapSocket } from './socket.js';

const require = createRequire(import.meta.url);

describe('waitForBufferedAmount', () => {
  test.each([
    {
      name: 'undici 7',
      load: () => (require('undici7') as { WebSocket: new (url: string) => unknown }).WebSocket,
    },
    { name: 'ws 8', load: () => require('ws8') as new (url: string) => unknown },
  ])('$name: resolves once the peer reads again and the buffer drains', async ({ load }) => {
    const server = await startRawServer();
    const WebSocket = load();
    const socket = wrapSocket(new WebSocket(server.url));
    const connection = await server.nextConnection();
    await until(() => socket.readyState === 1, 'open');
    connection.socket.pause();
    const chunk = new Uint8Array(1024 * 1024);
    for (let index = 0; index < 16; index++) socket.send(chunk);
    await until(() => socket.bufferedAmount > 0, 'a backlog');
    let drained = false;
    const wait = waitForBufferedAmount(socket, { threshold: 0 }).then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drained).toBe(false);
    connection.socket.resume();
    await wait;
    expect(socket.bufferedAmount).toBe(0);
    socket.close();
    await server.close();
  });

  test('resolves at once when the socket is not OPEN; rejects with the abort reason', async () => {
    const raw = new FakeWebSocket();
    raw.bufferedAmount = 10;
    const socket = wrapSocket(raw);
    const controller = new AbortController();
    const waiting = waitForBufferedAmount(socket, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    raw.readyState = 3;
    await expect(waitForBufferedAmount(socket)).resolves.toBeUndefined();
  });

  test.each([
    { options: { threshold: -1 }, message: 'threshold must be a number of bytes >= 0, but got -1.' },
    { options: { threshold: Number.NaN }, message: 'threshold must be a number of bytes >= 0, but got NaN.' },
    { options: { intervalMs: 0 }, message: 'intervalMs must be a number of ms > 0, but got 0.' },
  ])('refuses $options with INVALID_OPTION', ({ options, message }) => {
    const socket = wrapSocket(new FakeWebSocket());
    expect(() => waitForBufferedAmount(socket, options)).toThrow(SocketError);
    expect(() => waitForBufferedAmount(socket, options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message }),
    );
  });
});
