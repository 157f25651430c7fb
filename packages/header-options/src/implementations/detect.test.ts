import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { BrowserLikeWebSocket } from '../_test/browser-like.js';
import {
  detectImplementation,
  type ImplementationInfo,
  resolveCallShape,
  resolveImplementation,
} from './detect.js';

const require = createRequire(import.meta.url);
type Constructor = new (...args: never[]) => object;
const load = (name: string): Constructor => require(name) as Constructor;
const loadUndici = (name: string): Constructor => (require(name) as { WebSocket: Constructor }).WebSocket;
const WsBase = load('ws7') as new (...args: unknown[]) => object;
const Undici5Base = loadUndici('undici5') as new (...args: unknown[]) => object;
const ws = (kind: 'ws'): ImplementationInfo => ({
  kind,
  headers: true,
  maxProtocols: Infinity,
  version: null,
  handshakeGuard: false,
});
// undici's global dispatcher is there once an undici copy is loaded: connect() can guard it.
const undici = (maxProtocols: number): ImplementationInfo => ({
  kind: 'undici',
  headers: true,
  maxProtocols,
  version: null,
  handshakeGuard: true,
});

describe('detectImplementation', () => {
  test.each<[string, () => unknown, ImplementationInfo]>([
    ['ws 2 (CommonJS)', () => load('ws2'), ws('ws')],
    ['ws 3', () => load('ws3'), ws('ws')],
    ['ws 4', () => load('ws4'), ws('ws')],
    ['ws 5', () => load('ws5'), ws('ws')],
    ['ws 6', () => load('ws6'), ws('ws')],
    ['ws 7', () => load('ws7'), ws('ws')],
    ['ws 8', () => load('ws8'), ws('ws')],
    ['ws 8 .WebSocket', () => (require('ws8') as { WebSocket: Constructor }).WebSocket, ws('ws')],
    ['undici 5', () => loadUndici('undici5'), undici(1)],
    ['undici 6', () => loadUndici('undici6'), undici(Infinity)],
    ['undici 7', () => loadUndici('undici7'), undici(Infinity)],
    ['a subclass of undici 5', () => class extends Undici5Base {}, undici(1)],
    ['a subclass of ws 7', () => class extends WsBase {}, ws('ws')],
    [
      'a browser-like class',
      () => BrowserLikeWebSocket,
      { kind: 'browser', headers: false, maxProtocols: Infinity, version: null, handshakeGuard: false },
    ],
    [
      'a plain function',
      () => () => {},
      { kind: 'unknown', headers: false, maxProtocols: Infinity, version: null, handshakeGuard: false },
    ],
    [
      'undefined',
      () => undefined,
      { kind: 'unknown', headers: false, maxProtocols: Infinity, version: null, handshakeGuard: false },
    ],
  ])('%s', (_name, get, expected) => {
    expect(detectImplementation(get())).toEqual(expected);
  });

  test('ws 8 through ESM: the default export and the named export are the same class', async () => {
    const specifier: string = 'ws8';
    const module = (await import(specifier)) as { default: unknown; WebSocket: unknown };
    expect(detectImplementation(module.default)).toEqual(ws('ws'));
    expect(detectImplementation(module.WebSocket)).toEqual(ws('ws'));
  });

  test('the result is frozen', () => {
    expect(Object.isFrozen(detectImplementation(load('ws8')))).toBe(true);
  });
});

describe('resolveImplementation (the implementation option)', () => {
  test.each<[string, 'ws' | 'undici' | 'node' | 'browser' | undefined, () => unknown, ImplementationInfo]>([
    ['no override', undefined, () => loadUndici('undici5'), undici(1)],
    ['undici on undici 5 keeps its limit', 'undici', () => loadUndici('undici5'), undici(1)],
    [
      'browser on ws',
      'browser',
      () => load('ws8'),
      { kind: 'browser', headers: false, maxProtocols: Infinity, version: null, handshakeGuard: false },
    ],
    ['ws on a wrapper', 'ws', () => () => {}, ws('ws')],
    [
      'node on a stand-in reports the bundled undici',
      'node',
      () => BrowserLikeWebSocket,
      {
        kind: 'node',
        headers: true,
        maxProtocols: Infinity,
        version: process.versions.undici ?? null,
        handshakeGuard: true,
      },
    ],
  ])('%s', (_name, override, get, expected) => {
    expect(resolveImplementation(get(), override)).toEqual(expected);
  });
});

describe('resolveCallShape: the call shape, computed once per class and override', () => {
  test.each<['ws' | 'undici' | 'node' | 'browser' | undefined, () => unknown]>([
    [undefined, () => loadUndici('undici7')],
    ['undici', () => loadUndici('undici5')],
    ['node', () => BrowserLikeWebSocket],
    ['browser', () => load('ws8')],
    ['ws', () => () => {}],
  ])(
    'override %s: the same answer as resolveImplementation, minus handshakeGuard, every call',
    (override, get) => {
      const WebSocketImpl = get();
      const first = resolveCallShape(WebSocketImpl, override);
      expect(first).toEqual({ ...resolveImplementation(WebSocketImpl, override), handshakeGuard: false });
      expect(resolveCallShape(WebSocketImpl, override)).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
    },
  );

  test('an override cached for one class is not served for another', () => {
    // Called as undici, a class whose source carries undici 5's warning code offers one subprotocol.
    const Undici5Like = function Undici5Like() {
      return 'UNDICI-WS';
    };
    expect(resolveCallShape(Undici5Like, 'undici').maxProtocols).toBe(1);
    expect(resolveCallShape(BrowserLikeWebSocket, 'undici').maxProtocols).toBe(Infinity);
    expect(resolveCallShape(Undici5Like, 'undici').maxProtocols).toBe(1);
  });
});
