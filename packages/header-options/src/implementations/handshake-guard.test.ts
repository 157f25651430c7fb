import { describe, expect, test } from 'vitest';
import {
  checkSubprotocol,
  createHandshakeGuard,
  createObservation,
  findDispatcher,
} from './handshake-guard.js';

describe('checkSubprotocol (RFC 6455 §4.1, client side)', () => {
  test.each<[string, string[], string[], string | null]>([
    ['none offered, none selected', [], [], null],
    ['none offered, empty header', [''], [], null],
    ['offered and selected', ['chat'], ['chat', 'superchat'], null],
    [
      'selected one not offered',
      ['surprise'],
      ['chat'],
      'Server selected the subprotocol "surprise", which was not offered (offered: chat)',
    ],
    [
      'selected in another case',
      ['CHAT'],
      ['chat'],
      'Server selected the subprotocol "CHAT", which was not offered (offered: chat)',
    ],
    [
      'selected although none offered',
      ['surprise'],
      [],
      'Server selected the subprotocol "surprise" but none was offered',
    ],
    [
      'selected none of the offered',
      [],
      ['chat', 'superchat'],
      'Server selected no subprotocol; the client offered chat, superchat',
    ],
    [
      'two headers',
      ['chat', 'chat'],
      ['chat'],
      'Server sent 2 Sec-WebSocket-Protocol headers; it must select one',
    ],
  ])('%s', (_name, selected, offered, expected) => {
    expect(checkSubprotocol(selected, offered)).toBe(expected);
  });
});

function fakeDispatcher() {
  const calls: { options: unknown; handler: Record<string, (...args: unknown[]) => unknown> }[] = [];
  return {
    calls,
    webSocketOptions: { maxPayloadSize: 7 },
    dispatch(options: unknown, handler: Record<string, (...args: unknown[]) => unknown>) {
      calls.push({ options, handler });
      return true;
    },
  };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('createHandshakeGuard', () => {
  test('findDispatcher: native.dispatcher, else the .1 global, else the .2 global, else null (never a silent guess)', () => {
    const registry = globalThis as Record<symbol, unknown>;
    const [one, two] = [Symbol.for('undici.globalDispatcher.1'), Symbol.for('undici.globalDispatcher.2')];
    const saved = [registry[one], registry[two]];
    const base = fakeDispatcher();
    const second = fakeDispatcher();
    try {
      registry[one] = undefined;
      registry[two] = undefined;
      expect(findDispatcher(undefined)).toBeNull();
      expect(findDispatcher({ notADispatcher: true })).toBeNull();
      expect(findDispatcher(base)).toBe(base);
      registry[two] = second;
      expect(findDispatcher(undefined)).toBe(second);
      registry[one] = base;
      expect(findDispatcher(undefined)).toBe(base);
    } finally {
      registry[one] = saved[0];
      registry[two] = saved[1];
    }
  });

  test('an installed guard marks the observation', () => {
    const observation = createObservation();
    expect(observation.guarded).toBe(false);
    createHandshakeGuard(fakeDispatcher(), [], observation);
    expect(observation.guarded).toBe(true);
  });

  test('keeps the base dispatcher visible (undici reads webSocketOptions from it)', () => {
    const base = fakeDispatcher();
    const guard = createHandshakeGuard(base, [], createObservation()) as { webSocketOptions: unknown };
    expect(guard.webSocketOptions).toEqual({ maxPayloadSize: 7 });
  });

  test('getters and methods that use private fields keep working (undici 8 Agent)', () => {
    class PrivateDispatcher {
      #options = { maxPayloadSize: 9 };
      #closed = false;
      get webSocketOptions() {
        return this.#options;
      }
      close() {
        this.#closed = true;
        return this.#closed;
      }
      dispatch() {
        return this.#closed;
      }
    }
    const base = new PrivateDispatcher();
    const guard = createHandshakeGuard(base, [], createObservation()) as PrivateDispatcher;
    expect(guard.webSocketOptions).toEqual({ maxPayloadSize: 9 });
    expect(guard.close()).toBe(true);
    expect(guard).toBeInstanceOf(PrivateDispatcher);
  });

  test('a 101 with an unoffered subprotocol fails the fetch instead of reaching undici', () => {
    const base = fakeDispatcher();
    const observation = createObservation();
    const guard = createHandshakeGuard(base, [], observation) as ReturnType<typeof fakeDispatcher>;
    const seen: string[] = [];
    guard.dispatch(
      { path: '/' },
      {
        onUpgrade: () => seen.push('onUpgrade'),
        onError: (error: unknown) => seen.push(`onError: ${(error as Error).message}`),
      },
    );
    let destroyed = false;
    const socket = { destroy: () => (destroyed = true) };
    base.calls[0]!.handler['onUpgrade']!(101, [bytes('Sec-WebSocket-Protocol'), bytes('surprise')], socket);
    expect(seen).toEqual(['onError: Server selected the subprotocol "surprise" but none was offered']);
    expect(destroyed).toBe(true);
    expect(observation.subprotocolViolation).toBe(
      'Server selected the subprotocol "surprise" but none was offered',
    );
  });

  test('an acceptable 101 reaches undici untouched', () => {
    const base = fakeDispatcher();
    const guard = createHandshakeGuard(base, ['chat'], createObservation()) as ReturnType<
      typeof fakeDispatcher
    >;
    const seen: unknown[] = [];
    guard.dispatch(
      {},
      { onUpgrade: (...args: unknown[]) => seen.push(args), onError: () => seen.push('error') },
    );
    const raw = [bytes('sec-websocket-protocol'), bytes('chat')];
    base.calls[0]!.handler['onUpgrade']!(101, raw, 'socket');
    expect(seen).toEqual([[101, raw, 'socket']]);
  });

  test('the new handler API (undici 7 onRequestUpgrade) is guarded too', () => {
    const base = fakeDispatcher();
    const observation = createObservation();
    const guard = createHandshakeGuard(base, ['chat'], observation) as ReturnType<typeof fakeDispatcher>;
    const seen: string[] = [];
    guard.dispatch(
      {},
      {
        onRequestUpgrade: () => seen.push('upgrade'),
        onError: (error: unknown) => seen.push((error as Error).message),
      },
    );
    const result = base.calls[0]!.handler['onRequestUpgrade']!(
      {},
      101,
      { 'sec-websocket-protocol': 'other' },
      {},
    );
    expect(result).toBe(true);
    expect(seen).toEqual(['Server selected the subprotocol "other", which was not offered (offered: chat)']);
  });

  test('records a non-101 status and a connection error, passing both on', () => {
    const base = fakeDispatcher();
    const observation = createObservation();
    const guard = createHandshakeGuard(base, [], observation) as ReturnType<typeof fakeDispatcher>;
    const seen: unknown[] = [];
    guard.dispatch(
      {},
      { onHeaders: (status: unknown) => seen.push(status), onError: (error: unknown) => seen.push(error) },
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    base.calls[0]!.handler['onHeaders']!(401, [], () => {}, 'Unauthorized');
    base.calls[0]!.handler['onError']!(refused);
    expect(seen).toEqual([401, refused]);
    expect(observation).toEqual({ status: 401, error: refused, subprotocolViolation: null, guarded: true });
  });
});
