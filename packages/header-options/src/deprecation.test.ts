import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { runNode } from './_test/child.js';
import { transpilePackage } from './_test/transpile.js';
import type { ClientOptions } from './options.js';

// A fresh module graph per test, with the "once per process" memory emptied.
async function freshShim(): Promise<typeof import('./create.js')> {
  vi.resetModules();
  (await import('./deprecation.js')).resetWarningsForTests();
  return import('./create.js');
}

const LEGACY_NAMES = ['extraHeaders', 'additionalHeaders', 'extra_headers', 'additional_headers'] as const;

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

  test.each(LEGACY_NAMES)('%s means headers and warns once per process', async (name) => {
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
  });

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

  test('without process (browsers) legacy names warn nowhere, while the console is watched', async () => {
    const { toConstructorArgs } = await freshShim();
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    const results: unknown[] = [];
    let warnedAfterLegacy: unknown[][];
    let warned: unknown[][];
    try {
      for (const name of LEGACY_NAMES) {
        results.push(toConstructorArgs(Ws, 'ws://h/', { [name]: { 'X-Legacy': '1' } } as ClientOptions));
      }
      warnedAfterLegacy = [...consoleWarn.mock.calls];
      // The control: the query fallback does warn on the console there, so the spy can see a warning.
      toConstructorArgs(Ws, 'ws://h/', { bearer: 't0k', fallback: 'query', implementation: 'browser' });
      toConstructorArgs(Ws, 'ws://h/', { bearer: 't1k', fallback: 'query', implementation: 'browser' });
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor);
      warned = [...consoleWarn.mock.calls];
      consoleWarn.mockRestore();
    }
    for (const args of results) expect(args).toEqual(['ws://h/', [], { headers: { 'X-Legacy': '1' } }]);
    expect(warnedAfterLegacy).toEqual([]);
    expect(warned).toEqual([
      [
        '[WS_COMPAT_TOKEN_IN_QUERY] fallback \'query\' puts the bearer token in the URL ("access_token"), where servers, proxies and browser history log it; prefer the subprotocol fallback.',
      ],
    ]);
    expect(emitWarning).not.toHaveBeenCalled();
  });
});

describe('in a real Node process (no spy: what the process prints)', () => {
  // Two transpiled copies stand for the ESM and CommonJS builds, or two installed versions.
  let copies: { directory: string; remove: () => void }[];
  beforeAll(() => {
    copies = [transpilePackage(), transpilePackage()];
  });
  afterAll(() => {
    for (const copy of copies) copy.remove();
  });

  test('each legacy name prints exactly one DeprecationWarning per process, across both copies', async () => {
    const script = join(copies[0]!.directory, 'legacy-names.mjs');
    writeFileSync(
      script,
      `const names = ${JSON.stringify(LEGACY_NAMES)};
const copies = await Promise.all(process.argv.slice(2).map((directory) => import(directory + '/index.js')));
class Ws { static CONNECTING = 0; on() {} emit() {} ping() {} terminate() {} }
for (let round = 0; round < 3; round++) {
  for (const shim of copies) {
    for (const name of names) shim.toConstructorArgs(Ws, 'ws://h/', { [name]: { 'X-Legacy': '1' } });
    shim.toConstructorArgs(Ws, 'ws://h/', { headers: { 'X-Modern': '1' } });
  }
}
console.log(process.pid);
`,
    );
    const directories = copies.map((copy) => copy.directory);
    const result = await runNode([script, ...directories]);
    expect(result.code).toBe(0);
    const pid = result.stdout.trim();
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('(node:'));
    expect(warnings).toEqual(
      LEGACY_NAMES.map(
        (name) =>
          `(node:${pid}) [WS_COMPAT_DEP_HEADERS] DeprecationWarning: The "${name}" option is deprecated; use "headers" (same meaning).`,
      ),
    );
    // A DeprecationWarning, so node --no-deprecation silences all of them.
    const silenced = await runNode(['--no-deprecation', script, ...directories]);
    expect(silenced.stderr).toBe('');
  });
});
