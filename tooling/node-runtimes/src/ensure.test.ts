// ensureNodeRuntime against a lock and a fake npm registry on loopback: the exact locked version is
// what runs, and a tarball that is not the locked one is refused.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FakeRegistry, startFakeRegistry } from './_test/fake-registry.js';
import { removeTempDirs, runtimeTarball, tempDir } from './_test/runtime-tarball.js';
import { ensureNodeRuntime } from './index.js';
import { writeRuntimeLock } from './lock.js';
import { runtimePackageName } from './platform.js';

const PACKAGE = runtimePackageName();
const systemMajor = Number(process.versions.node.split('.')[0]);
let registry: FakeRegistry;
const savedEnv = { ...process.env };

beforeAll(async () => {
  registry = await startFakeRegistry();
  Object.assign(process.env, registry.env);
});
afterAll(async () => {
  for (const key of Object.keys(registry.env)) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await registry.close();
});
afterEach(removeTempDirs);

async function lockWith(entries: Record<string, { version: string; integrity: string }>): Promise<string> {
  const file = join(tempDir(), 'runtimes.lock.json');
  await writeRuntimeLock(file, { lockfileVersion: 1, runtimes: { [PACKAGE]: entries } });
  return file;
}

describe('ensureNodeRuntime with a lock', () => {
  test('downloads exactly the locked version, not the newest; then uses the cache', {
    timeout: 60_000,
  }, async () => {
    const locked = runtimeTarball('18.50.1', PACKAGE);
    registry.publish(PACKAGE, '18.50.1', locked.bytes);
    registry.publish(PACKAGE, '18.60.0', runtimeTarball('18.60.0', PACKAGE).bytes); // newer, not locked
    const lockFile = await lockWith({ '18': { version: '18.50.1', integrity: locked.integrity } });
    const cacheDir = tempDir();
    const progress: string[] = [];

    const first = await ensureNodeRuntime(18, {
      lockFile,
      cacheDir,
      onProgress: (line) => progress.push(line),
    });
    const execPath = join(cacheDir, `${PACKAGE}-18.50.1`, 'bin', 'node');
    expect(first).toEqual({ major: 18, version: '18.50.1', execPath, source: 'download' });
    expect(execFileSync(execPath).toString().trim()).toBe('v18.50.1');
    expect(progress[0]).toBe(`${PACKAGE}@18.50.1 (locked in ${lockFile})`);
    expect(registry.requests).toContain(`/${PACKAGE}/-/${PACKAGE}-18.50.1.tgz`);
    expect(registry.requests).not.toContain(`/${PACKAGE}/-/${PACKAGE}-18.60.0.tgz`);

    const requestsBefore = registry.requests.length;
    await expect(ensureNodeRuntime(18, { lockFile, cacheDir })).resolves.toEqual({
      ...first,
      source: 'cache',
    });
    expect(registry.requests.length).toBe(requestsBefore);
  });

  test('a tarball that is not the locked one is INTEGRITY_MISMATCH, and nothing is installed', {
    timeout: 60_000,
  }, async () => {
    const served = runtimeTarball('18.51.0', PACKAGE);
    registry.publish(PACKAGE, '18.51.0', served.bytes); // the registry is self-consistent: npm accepts it
    const lockedIntegrity = runtimeTarball('18.51.0-other', PACKAGE).integrity;
    const lockFile = await lockWith({ '18': { version: '18.51.0', integrity: lockedIntegrity } });
    const cacheDir = tempDir();

    const attempt = ensureNodeRuntime(18, { lockFile, cacheDir });
    await expect(attempt).rejects.toMatchObject({
      name: 'NodeRuntimeError',
      code: 'INTEGRITY_MISMATCH',
      message: `The tarball of ${PACKAGE}@18.51.0 does not match the sha512 locked in ${lockFile} (expected ${lockedIntegrity.slice(7)}, got ${served.integrity.slice(7)}). It was deleted; the registry serves other bytes for this version than when it was locked. A published version never changes: check the registry or proxy (npm config get registry), and do not run pnpm runtimes --latest to silence this.`,
    });
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('the running Node is used only when it is the locked version', { timeout: 60_000 }, async () => {
    const integrity = runtimeTarball('0.0.0').integrity;
    const exact = await lockWith({ [String(systemMajor)]: { version: process.versions.node, integrity } });
    await expect(
      ensureNodeRuntime(systemMajor as 20, { lockFile: exact, cacheDir: tempDir() }),
    ).resolves.toEqual({
      major: systemMajor,
      version: process.versions.node,
      execPath: process.execPath,
      source: 'system',
    });

    // same major, another patch: the locked one is downloaded instead of running this Node
    const other = `${systemMajor}.99.7`;
    const tarball = runtimeTarball(other, PACKAGE);
    registry.publish(PACKAGE, other, tarball.bytes);
    const lockFile = await lockWith({
      [String(systemMajor)]: { version: other, integrity: tarball.integrity },
    });
    const runtime = await ensureNodeRuntime(systemMajor as 20, { lockFile, cacheDir: tempDir() });
    expect(runtime).toMatchObject({ version: other, source: 'download' });
    expect(runtime.execPath).not.toBe(process.execPath);
  });

  test('a major the lock does not name is NOT_LOCKED, before any download', async () => {
    const lockFile = await lockWith({});
    const cacheDir = join(tempDir(), 'cache');
    await expect(ensureNodeRuntime(22, { lockFile, cacheDir })).rejects.toMatchObject({
      code: 'NOT_LOCKED',
      message: `${lockFile} has no ${PACKAGE} runtime for Node 22; add it with pnpm runtimes --latest (it locks the newest release of each major for this platform).`,
    });
    expect(existsSync(cacheDir)).toBe(false);
  });
});
