import { createServer } from 'node:http';
import { refusingPort } from '@ws-compat/wire';
import { afterEach, describe, expect, onTestFinished, test } from 'vitest';
import { WebSocketServer } from 'ws8';
import { decodeHeaders, describeError, performAttempt, WarningLog } from './attempt.js';
import { attemptKeyOf } from './protocol.js';

describe('decodeHeaders', () => {
  test('rebuilds every shape', () => {
    expect(decodeHeaders({ shape: 'record', value: { 'X-A': ['1', '2'] } })).toEqual({ 'X-A': ['1', '2'] });
    const headers = decodeHeaders({ shape: 'headers', entries: [['x-a', ['1', '2']]] }) as Headers;
    expect(headers).toBeInstanceOf(Headers);
    expect(headers.get('x-a')).toBe('1, 2');
    const map = decodeHeaders({ shape: 'map', entries: [['X-B', 'v']] }) as Map<string, string>;
    expect(map).toBeInstanceOf(Map);
    expect([...map]).toEqual([['X-B', 'v']]);
    expect(decodeHeaders({ shape: 'pairs', entries: [['X-C', 'w']] })).toEqual([['X-C', 'w']]);
  });
});

describe('describeError', () => {
  test.each([
    {
      error: Object.assign(new TypeError('bad'), { code: 'RESERVED_HEADER' }),
      expected: {
        name: 'TypeError',
        code: 'RESERVED_HEADER',
        status: null,
        message: 'bad',
        synchronous: true,
      },
    },
    {
      error: Object.assign(new Error('nope'), { name: 'HandshakeError', code: 'REJECTED', status: 401 }),
      expected: { name: 'HandshakeError', code: 'REJECTED', status: 401, message: 'nope', synchronous: true },
    },
    {
      error: 'text',
      expected: { name: 'string', code: null, status: null, message: 'text', synchronous: true },
    },
  ])('$expected.name', ({ error, expected }) => {
    expect(describeError(error, true)).toEqual(expected);
  });
});

describe('attemptKeyOf', () => {
  test.each([
    { url: '/__attempt/a12/query?x=1', key: 'a12' },
    { url: '/__attempt/a3?x', key: 'a3' },
    { url: '/__attempt/a4', key: 'a4' },
    { url: '/other/a4', key: null },
    { url: '//evil.example/__attempt/a5/target?x=1', key: 'a5' },
    { url: '/path?next=/__attempt/a6', key: null },
  ])('$url', ({ url, key }) => {
    expect(attemptKeyOf(url)).toBe(key);
  });
});

describe('performAttempt (ws 8 client and server, in process)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  test('opens with the protocol, gets the echo, reports the warnings so far', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on(
      'connection',
      (socket: { on(event: string, listener: (data: unknown) => void): void; send(text: string): void }) =>
        socket.on('message', (data: unknown) => socket.send(String(data))),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    const address = http.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { WebSocket } = await import('ws8');
    const log = new WarningLog();
    log.add('earlier warning');
    const outcome = await performAttempt(
      WebSocket,
      { url: `ws://127.0.0.1:${port}/x`, options: { protocols: ['chat'] }, timeoutMs: 3_000, exchange: true },
      log,
    );
    expect(outcome).toMatchObject({
      opened: true,
      protocol: 'chat',
      echoed: true,
      error: null,
      warnings: ['earlier warning'],
    });
  });

  test('a refused connection is an error, not a throw', async () => {
    const { WebSocket } = await import('ws8');
    const refusing = await refusingPort();
    onTestFinished(() => refusing.release());
    const outcome = await performAttempt(
      WebSocket,
      { url: `ws://127.0.0.1:${refusing.port}/x`, options: {}, timeoutMs: 2_000, exchange: true },
      new WarningLog(),
    );
    expect(outcome.opened).toBe(false);
    expect(outcome.error?.name).toBe('HandshakeError');
    expect(outcome.error?.code).toBe('REFUSED');
  });
});
