// The package must load where there is no `process`, no `Buffer` and no `require`: a browser.
// Its source is compiled to CommonJS and run in a fresh V8 context that has only browser globals.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));

const warnings: string[] = [];

function loadInBrowserLikeContext(): { exports: Record<string, unknown>; context: Record<string, unknown> } {
  const context = createContext({
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    EventTarget,
    Event,
    AbortSignal,
    Headers,
    setTimeout,
    clearTimeout,
    console: { warn: (...args: unknown[]) => warnings.push(args.join(' ')) },
  }) as Record<string, unknown>;
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
  const { exports: shim, context } = loadInBrowserLikeContext();

  test('the package loads and exports its API', () => {
    expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );
    expect(Object.keys(shim).sort()).toEqual([
      'HandshakeError',
      'HeaderOptionsError',
      'bearerSubprotocol',
      'bearerTokenEnd',
      'connect',
      'createWebSocket',
      'detectImplementation',
      'isBearerToken',
      'isValidSubprotocol',
      'normalizeHeaders',
      'toConstructorArgs',
    ]);
  });

  test('the bearer codec runs without Buffer', () => {
    const codec = shim['bearerSubprotocol'] as {
      encode(token: string): string;
      decode(protocol: string): string | null;
    };
    const protocol = codec.encode('héllo 🔑');
    expect(protocol).toBe('base64url.bearer.authorization.k8s.io.aMOpbGxvIPCflJE');
    expect(codec.decode(protocol)).toBe('héllo 🔑');
  });

  test('a browser WebSocket gets the subprotocol fallback, and legacy names warn nothing', () => {
    const BrowserWebSocket = runInContext(
      `class WebSocket extends EventTarget {
        static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
        constructor(url, protocols) { super(); this.args = [url, protocols]; }
        send() {} close() {}
      }; WebSocket`,
      context,
    ) as new () => unknown;
    const toConstructorArgs = shim['toConstructorArgs'] as (...args: unknown[]) => unknown[];
    const detectImplementation = shim['detectImplementation'] as (value: unknown) => unknown;
    expect(detectImplementation(BrowserWebSocket)).toEqual({
      kind: 'browser',
      headers: false,
      maxProtocols: Infinity,
      version: null,
      handshakeGuard: false,
    });
    expect(
      toConstructorArgs(BrowserWebSocket, 'wss://h/s', {
        protocols: ['chat'],
        bearer: 't0k',
        extraHeaders: {},
      }),
    ).toEqual(['wss://h/s', ['chat', 'base64url.bearer.authorization.k8s.io.dDBr']]);
    expect(warnings).toEqual([]);
  });

  test("fallback 'query' warns once on the console (no process.emitWarning in a browser)", () => {
    const BrowserWebSocket = runInContext(
      `(class WebSocket extends EventTarget {
        static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
        send() {} close() {}
      })`,
      context,
    ) as new () => unknown;
    const toConstructorArgs = shim['toConstructorArgs'] as (...args: unknown[]) => unknown[];
    for (const token of ['t0k', 't1k']) {
      toConstructorArgs(BrowserWebSocket, 'wss://h/s', { bearer: token, fallback: 'query' });
    }
    expect(warnings).toEqual([
      '[WS_COMPAT_TOKEN_IN_QUERY] fallback \'query\' puts the bearer token in the URL ("access_token"), where servers, proxies and browser history log it; prefer the subprotocol fallback.',
    ]);
  });
});
