// The package must load where there is no `process`, no `Buffer` and no `require`: a browser.
// Its source is compiled to CommonJS and run in a V8 context that has only browser globals. Every
// test loads its own copy in its own context, with its own console and its own warn-once memory
// (which lives on the context's globalThis), so no test depends on another having run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInContext } from 'node:vm';
import { loadInBrowserLikeContext as load } from '@ws-compat/vitest-config/browser-load';
import { describe, expect, test } from 'vitest';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');

interface BrowserLikeLoad {
  readonly shim: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  /** What the package passed to this context's console.warn, one string per call. */
  readonly warnings: string[];
}

/** A fresh context with browser globals only, and a fresh copy of the package loaded in it. */
function loadInBrowserLikeContext(): BrowserLikeLoad {
  const warnings: string[] = [];
  const { exports, context } = load({
    entry: ENTRY,
    console: { warn: (...args: unknown[]) => warnings.push(args.join(' ')) },
  });
  return { shim: exports, context, warnings };
}

describe('in a browser-like context (no process, Buffer or require)', () => {
  test('the package loads and exports its API', () => {
    const { shim } = loadInBrowserLikeContext();
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
    const { shim } = loadInBrowserLikeContext();
    const codec = shim['bearerSubprotocol'] as {
      encode(token: string): string;
      decode(protocol: string): string | null;
    };
    const protocol = codec.encode('héllo 🔑');
    expect(protocol).toBe('base64url.bearer.authorization.k8s.io.aMOpbGxvIPCflJE');
    expect(codec.decode(protocol)).toBe('héllo 🔑');
  });

  test('a browser WebSocket gets the subprotocol fallback, and legacy names warn nothing', () => {
    const { shim, context, warnings } = loadInBrowserLikeContext();
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
    const { shim, context, warnings } = loadInBrowserLikeContext();
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
