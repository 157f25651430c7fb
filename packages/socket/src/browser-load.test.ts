// The package must load where there is no `process`, no `Buffer` and no `require`: a browser bundle.
// Its source is compiled to CommonJS and run in a fresh V8 context that has only browser globals. Every
// test loads its own copy in its own context with its own console, so no test depends on another.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInContext } from 'node:vm';
import { loadInBrowserLikeContext } from '@ws-compat/vitest-config/browser-load';
import { describe, expect, test } from 'vitest';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');

describe('in a browser-like context (no process, Buffer or require)', () => {
  test('the package loads and exports its API', () => {
    const { exports: socketPackage } = loadInBrowserLikeContext({ entry: ENTRY });
    expect(Object.keys(socketPackage).sort()).toEqual([
      'DEFAULT_CLOSE_TIMEOUT_MS',
      'SocketCloseEvent',
      'SocketError',
      'SocketErrorEvent',
      'SocketEvent',
      'SocketMessageEvent',
      'waitForBufferedAmount',
      'wrapSocket',
    ]);
  });

  test("a browser socket is wrapped; 'nodebuffer' is ignored without Buffer; a throwing listener is logged", async () => {
    const logged: unknown[][] = [];
    const { exports: socketPackage, context } = loadInBrowserLikeContext({
      entry: ENTRY,
      console: { error: (...args: unknown[]) => logged.push(args) },
    });
    const raw = runInContext(
      `(() => { const ws = new (class WebSocket extends EventTarget {
         readyState = 1; bufferedAmount = 0; binaryType = 'blob'; url = 'wss://h/s'; protocol = ''; extensions = '';
         send() {} close() {} })(); return ws; })()`,
      context,
    ) as EventTarget & { binaryType: string };
    const wrapSocket = socketPackage['wrapSocket'] as (socket: unknown) => {
      binaryType: string;
      addEventListener(type: string, listener: (event: { data: unknown }) => void): void;
    };
    const socket = wrapSocket(raw);
    socket.binaryType = 'nodebuffer';
    expect(socket.binaryType).toBe('blob');
    socket.binaryType = 'arraybuffer';
    expect(raw.binaryType).toBe('arraybuffer');
    const seen: unknown[] = [];
    socket.addEventListener('message', (event) => {
      seen.push(event.data);
      throw new Error('listener bug');
    });
    raw.dispatchEvent(Object.assign(new Event('message'), { data: 'hi' }));
    expect(seen).toEqual(['hi']);
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toBe('[@ws-compat/socket] an event listener threw; the connection carries on:');
  });
});
