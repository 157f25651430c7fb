import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ClientOptions } from './options.js';

// A fresh module graph per test, with the "once per process" memory emptied.
async function freshShim(): Promise<typeof import('./create.js')> {
  vi.resetModules();
  (await import('./deprecation.js')).resetWarningsForTests();
  return import('./create.js');
}

const Ws = class {
  static CONNECTING = 0;
  on(): void {}
  emit(): void {}
  ping(): void {}
  terminate(): void {}
};

describe('legacy header option names', () => {
  let emitWarning: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  });
  afterEach(() => {
    emitWarning.mockRestore();
  });

  test.each(['extraHeaders', 'additionalHeaders', 'extra_headers', 'additional_headers'] as const)(
    '%s means headers and warns once per process',
    async (name) => {
      const { toConstructorArgs } = await freshShim();
      const options = { [name]: { 'X-Legacy': '1' } } as ClientOptions;
      expect(toConstructorArgs(Ws, 'ws://h/', options)).toEqual([
        'ws://h/',
        [],
        { headers: { 'X-Legacy': '1' } },
      ]);
      toConstructorArgs(Ws, 'ws://h/', options);
      toConstructorArgs(Ws, 'ws://h/', { headers: { 'X-Modern': '1' } });
      expect(emitWarning.mock.calls).toEqual([
        [
          `The "${name}" option is deprecated; use "headers" (same meaning).`,
          { type: 'DeprecationWarning', code: 'WS_COMPAT_DEP_HEADERS' },
        ],
      ]);
    },
  );

  test('each legacy name warns once, separately', async () => {
    const { toConstructorArgs } = await freshShim();
    for (const options of [
      { extraHeaders: {} },
      { extra_headers: {} },
      { extraHeaders: {} },
      { extra_headers: {} },
    ]) {
      toConstructorArgs(Ws, 'ws://h/', options);
    }
    expect(emitWarning.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      'The "extraHeaders" option is deprecated; use "headers" (same meaning).',
      'The "extra_headers" option is deprecated; use "headers" (same meaning).',
    ]);
  });

  test('a second copy of the module (ESM beside CommonJS) does not warn again', async () => {
    const first = await import('./create.js');
    vi.resetModules();
    const second = await import('./create.js');
    expect(second).not.toBe(first);
    (await import('./deprecation.js')).resetWarningsForTests();
    first.toConstructorArgs(Ws, 'ws://h/', { additionalHeaders: {} });
    second.toConstructorArgs(Ws, 'ws://h/', { additionalHeaders: {} });
    expect(emitWarning).toHaveBeenCalledTimes(1);
  });

  test('nothing is emitted where process does not exist (browsers)', async () => {
    const { toConstructorArgs } = await freshShim();
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    let args: readonly unknown[];
    try {
      args = toConstructorArgs(Ws, 'ws://h/', { extraHeaders: { 'X-Legacy': '1' } });
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor);
    }
    expect(args).toEqual(['ws://h/', [], { headers: { 'X-Legacy': '1' } }]);
    expect(emitWarning).not.toHaveBeenCalled();
  });
});
