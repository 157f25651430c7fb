import { describe, expect, test } from 'vitest';
import { createHandshakeGuard, createObservation, type Dispatcher } from './handshake-guard.js';

// The guard hands out the dispatcher's own methods bound to the dispatcher, remembered per
// dispatcher and per function, so undici's several reads per connection do not bind anew.

class FakeDispatcher implements Dispatcher {
  calls: unknown[] = [];
  dispatch(options: unknown): unknown {
    this.calls.push(options);
    return true;
  }
  close(): this {
    return this;
  }
}

function guardOf(target: Dispatcher): Record<string, unknown> {
  return createHandshakeGuard(target, ['chat'], createObservation()) as Record<string, unknown>;
}

describe('methods read through the guard', () => {
  test('are bound to the dispatcher, and the same function on every read and in every guard', () => {
    const target = new FakeDispatcher();
    const first = guardOf(target);
    const second = guardOf(target);
    const close = first['close'] as () => unknown;
    expect(close()).toBe(target);
    expect(first['close']).toBe(close);
    expect(second['close']).toBe(close);
  });

  test('a method replaced on the dispatcher is read afresh', () => {
    const target = new FakeDispatcher();
    const guard = guardOf(target);
    const before = guard['close'];
    const replaced = function (this: unknown) {
      return ['replaced', this];
    };
    (target as unknown as Record<string, unknown>)['close'] = replaced;
    const after = guard['close'] as () => unknown;
    expect(after).not.toBe(before);
    expect(after()).toEqual(['replaced', target]);
  });

  test('two dispatchers never share a bound method', () => {
    const one = new FakeDispatcher();
    const other = new FakeDispatcher();
    const fromOne = guardOf(one)['close'] as () => unknown;
    const fromOther = guardOf(other)['close'] as () => unknown;
    expect(fromOne()).toBe(one);
    expect(fromOther()).toBe(other);
  });

  test('dispatch still goes through the guard to the dispatcher', () => {
    const target = new FakeDispatcher();
    const guard = guardOf(target) as unknown as Dispatcher;
    guard.dispatch({ path: '/' }, {});
    expect(target.calls).toEqual([{ path: '/' }]);
  });
});
