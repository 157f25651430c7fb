import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  defaultCacheDir,
  defaultLockFile,
  ensureNodeRuntime,
  NodeRuntimeError,
  readRuntimeLock,
} from './index.js';
import { runtimePackageName } from './platform.js';
import { resolveLatestRuntimes } from './registry.js';

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

  // A real download of the locked runtime, into the default cache so that reruns (and the conformance
  // app) reuse it.
  test('downloads the locked version once from the registry, then reuses the cache; the binary runs', {
    timeout: 240_000,
  }, async () => {
    const locked = (await readRuntimeLock()).runtimes[runtimePackageName()]?.[String(otherMajor)];
    const first = await ensureNodeRuntime(otherMajor as 18);
    expect(['download', 'cache']).toContain(first.source);
    expect(first.major).toBe(otherMajor);
    expect(first.version).toBe(locked?.version);
    expect(first.execPath.startsWith(defaultCacheDir())).toBe(true);
    expect(execFileSync(first.execPath, ['--version']).toString().trim()).toBe(`v${first.version}`);

    const second = await ensureNodeRuntime(otherMajor as 18);
    expect(second).toEqual({ ...first, source: 'cache' });
  });
});

describe('resolveLatestRuntimes (the real registry)', () => {
  test('Node 18 (end-of-life, so its last release is fixed) is what the lock says, sha512 and all', {
    timeout: 120_000,
  }, async () => {
    const resolved = await resolveLatestRuntimes(runtimePackageName(), [18]);
    // newer than 18.9.1, which lexical order would pick
    expect(resolved.get(18)?.version).toBe('18.20.8');
    expect(resolved.get(18)).toEqual(
      (await readRuntimeLock(defaultLockFile())).runtimes[runtimePackageName()]?.['18'],
    );
  });

  test("a package that does not exist is REGISTRY_FAILED with npm's reason", {
    timeout: 120_000,
  }, async () => {
    await expect(resolveLatestRuntimes('node-ws-compat-no-such-platform', [18])).rejects.toMatchObject({
      code: 'REGISTRY_FAILED',
    });
  });
});
