// The package must load where there is no `process`, no `Buffer` and no `require`: a browser bundle.
// Its source is compiled to CommonJS and run in a fresh V8 context that has only browser globals.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));
const logged: unknown[][] = [];

function loadInBrowserLikeContext(): { exports: Record<string, unknown>; context: object } {
  const context = createContext({
    URL,
    Event,
    EventTarget,
    DOMException,
    Blob,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    console: { error: (...args: unknown[]) => logged.push(args) },
  });
  const cache = new Map<string, Record<string, unknown>>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module.exports);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const factory = runInContext(`(function (exports, require, module) {${outputText}\n})`, context) as (
      exports: unknown,
      require: (specifier: string) => unknown,
      module: unknown,
    ) => void;
    factory(
      module.exports,
      (specifier) => {
        if (!specifier.startsWith('.'))
          throw new Error(`the package imports ${specifier}, which a browser cannot load`);
        return load(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      },
      module,
    );
    cache.set(file, module.exports);
    return module.exports;
  };
  return { exports: load(join(SOURCE, 'index.ts')), context };
}

describe('in a browser-like context (no process, Buffer or require)', () => {
  const { exports: socketPackage, context } = loadInBrowserLikeContext();

  test('the package loads and exports its API', () => {
    expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );
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
