import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCellContext, REQUEST_HEAD_CAP_BYTES, requestHead } from './cell.js';
import type { AttemptOutcome, AttemptSpec } from './child/protocol.js';
import type { ClientAdapter } from './clients/_types.js';
import { REQUEST_HEAD_CUT_MARKER } from './model.js';
import type { ClientProcess, ServerProcess } from './processes.js';
import type { ServerAdapter } from './servers/_types.js';

const HEAD = 'GET /x HTTP/1.1\r\nHost: h\r\nX-Latin: h\xe9llo\r\n\r\n';

describe('requestHead', () => {
  test.each([
    ['a head, then frame bytes: the head only', `${HEAD}\x81\x85abcd`, HEAD],
    ['a head alone', HEAD, HEAD],
    ['no blank line yet: all the bytes', 'GET / HTTP/1.1\r\nHost: h\r\n', 'GET / HTTP/1.1\r\nHost: h\r\n'],
    ['nothing sent', '', ''],
    [
      'a bare LF and a NUL are kept as sent',
      'GET / HTTP/1.1\r\nA: a\nb\x00\r\n\r\n',
      'GET / HTTP/1.1\r\nA: a\nb\x00\r\n\r\n',
    ],
  ])('%s', (_name, sent, expected) => {
    expect(requestHead(Buffer.from(sent, 'latin1'))).toBe(expected);
  });

  test.each([
    ['exactly the cap: kept whole', REQUEST_HEAD_CAP_BYTES, false],
    ['one byte over the cap: cut and marked', REQUEST_HEAD_CAP_BYTES + 1, true],
  ])('%s', (_name, size, cut) => {
    const head = `GET /${'a'.repeat(size - 'GET / HTTP/1.1\r\n\r\n'.length)} HTTP/1.1\r\n\r\n`;
    expect(head).toHaveLength(size);
    const recorded = requestHead(Buffer.from(`${head}\x81\x80`, 'latin1'));
    expect(recorded).toBe(cut ? `${head.slice(0, REQUEST_HEAD_CAP_BYTES)}${REQUEST_HEAD_CUT_MARKER}` : head);
  });
});

describe('createCellContext records each attempt', () => {
  let server: Server;
  let serverPort = 0;
  beforeAll(async () => {
    // answers every request head with a 400 and ends
    server = createServer((socket) => {
      let seen = '';
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        if (seen.includes('\r\n\r\n')) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    serverPort = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /**
   * A client that sends its head and a frame byte on a raw socket, then reports it did not open, or,
   * with `answers` false, never answers (the attempt rejects as on a child's timeout).
   */
  const fakeClient = (answers: boolean) =>
    ({
      async attempt(spec: AttemptSpec): Promise<AttemptOutcome> {
        const url = new URL(spec.url);
        await new Promise<void>((resolve) => {
          const socket = connect({ host: url.hostname, port: Number(url.port) });
          socket.on('connect', () =>
            socket.write(Buffer.from(`GET ${url.pathname} HTTP/1.1\r\nX-Latin: \xe9\r\n\r\n\x81`, 'latin1')),
          );
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.resume();
        });
        if (!answers) throw new Error('the client did not answer within 1 ms');
        return { opened: false, protocol: null, echoed: null, error: null, warnings: [], durationMs: 1 };
      },
    }) as unknown as ClientProcess;

  const contextWith = (clientProcess: ClientProcess) =>
    createCellContext({
      client: {
        adapter: { runtime: { kind: 'node', major: 20, flags: [] } } as unknown as ClientAdapter,
        id: 'fake@1',
        info: { version: '1', runtime: 'node@20', loadError: null },
      },
      server: { adapter: {} as ServerAdapter, id: 'fake@1' },
      clientProcess,
      serverProcess: {
        ports: { main: serverPort, reject: serverPort, mismatch: serverPort },
        report: async () => null,
        forget: () => {},
      } as unknown as ServerProcess,
    });

  test('the URL and the request head of every attempt, null when nothing connected', async () => {
    const context = contextWith(fakeClient(true));
    const direct = await context.attempt({ path: '/direct', options: {} });
    const refused = await context.attempt({ path: '/refused', options: {}, route: 'refused' });
    expect(context.requests).toEqual([
      {
        url: direct.url,
        request: `GET ${new URL(direct.url).pathname} HTTP/1.1\r\nX-Latin: \xe9\r\n\r\n`,
      },
      { url: refused.url, request: null },
    ]);
    expect(direct.url).toMatch(/\/direct$/);
  });

  test('an attempt that threw is recorded too', async () => {
    const context = contextWith(fakeClient(false));
    await expect(context.attempt({ path: '/lost', options: {} })).rejects.toThrow(
      'the client did not answer within 1 ms',
    );
    expect(context.requests).toHaveLength(1);
    expect(context.requests[0]!.url).toMatch(/\/lost$/);
    expect(context.requests[0]!.request).toMatch(
      /^GET \/__attempt\/a\d+\/lost HTTP\/1\.1\r\nX-Latin: \xe9\r\n\r\n$/,
    );
  });
});
