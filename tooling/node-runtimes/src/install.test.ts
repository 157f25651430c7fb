import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { removeTempDirs, runtimeTarball, tempDir } from './_test/runtime-tarball.js';
import { findInstalledRuntime } from './cache.js';
import { installTarball } from './install.js';

const PACKAGE = 'node-test-x64';

afterEach(removeTempDirs);

describe('installTarball', () => {
  test('installs into <cache>/<package>-<version> and leaves no temp directory', async () => {
    const cacheDir = tempDir();
    const tarball = runtimeTarball('18.1.2');
    const messages: string[] = [];
    const result = await installTarball({
      cacheDir,
      packageName: PACKAGE,
      version: '18.1.2',
      integrity: tarball.integrity,
      tarballPath: tarball.path,
      onProgress: (message) => messages.push(message),
    });
    expect(result).toEqual({ execPath: join(cacheDir, `${PACKAGE}-18.1.2`, 'bin', 'node'), installed: true });
    expect(execFileSync(result.execPath).toString().trim()).toBe('v18.1.2');
    expect(readdirSync(cacheDir)).toEqual([`${PACKAGE}-18.1.2`]);
    expect(messages).toEqual([
      `verifying ${PACKAGE}@18.1.2`,
      `unpacking ${PACKAGE}@18.1.2`,
      `installed ${PACKAGE}@18.1.2 in ${join(cacheDir, `${PACKAGE}-18.1.2`)}`,
    ]);
  });

  test('processes racing on one version: exactly one installs, all get the same binary', async () => {
    const cacheDir = tempDir();
    const tarball = runtimeTarball('20.3.4');
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        installTarball({
          cacheDir,
          packageName: PACKAGE,
          version: '20.3.4',
          integrity: tarball.integrity,
          tarballPath: tarball.path,
        }),
      ),
    );
    expect(results.filter((result) => result.installed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.execPath)).size).toBe(1);
    expect(readdirSync(cacheDir)).toEqual([`${PACKAGE}-20.3.4`]);
  });

  test('a tarball that does not match the sha512 is refused and nothing is installed', async () => {
    const cacheDir = tempDir();
    const tarball = runtimeTarball('22.0.0');
    const other = runtimeTarball('22.0.1');
    const attempt = installTarball({
      cacheDir,
      packageName: PACKAGE,
      version: '22.0.0',
      integrity: other.integrity,
      tarballPath: tarball.path,
    });
    await expect(attempt).rejects.toMatchObject({ name: 'NodeRuntimeError', code: 'INTEGRITY_MISMATCH' });
    await expect(attempt).rejects.toThrow(
      `The tarball of ${PACKAGE}@22.0.0 does not match the registry's sha512 (expected ${other.integrity.slice(7)}, got ${tarball.integrity.slice(7)}). It was deleted; retry, and check the registry or proxy if it happens again.`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('a non-sha512 integrity is refused', async () => {
    const cacheDir = tempDir();
    const tarball = runtimeTarball('22.0.0');
    await expect(
      installTarball({
        cacheDir,
        packageName: PACKAGE,
        version: '22.0.0',
        integrity: 'sha1-AAAA',
        tarballPath: tarball.path,
      }),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_MISSING',
      message:
        'No sha512 integrity for node-test-x64@22.0.0 (got "sha1-AAAA"); refusing to install an unverified runtime.',
    });
  });

  test('a binary reporting another version is refused', async () => {
    const cacheDir = tempDir();
    const tarball = runtimeTarball('24.9.9');
    await expect(
      installTarball({
        cacheDir,
        packageName: PACKAGE,
        version: '24.1.0',
        integrity: tarball.integrity,
        tarballPath: tarball.path,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_RUNTIME',
      message:
        'The binary in node-test-x64@24.1.0 reports v24.9.9, not v24.1.0; the package is not the runtime it claims to be.',
    });
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe('findInstalledRuntime', () => {
  test('finds exactly the version asked for, and only a complete install', async () => {
    const cacheDir = tempDir();
    for (const version of ['18.9.1', '18.20.8']) {
      const tarball = runtimeTarball(version);
      await installTarball({
        cacheDir,
        packageName: PACKAGE,
        version,
        integrity: tarball.integrity,
        tarballPath: tarball.path,
      });
    }
    mkdirSync(join(cacheDir, `${PACKAGE}-18.30.0`)); // no bin/node: an interrupted copy by hand
    mkdirSync(join(cacheDir, `.tmp-${PACKAGE}-18.40.0-abc`, 'bin'), { recursive: true });
    await expect(findInstalledRuntime(cacheDir, PACKAGE, '18.9.1')).resolves.toBe(
      join(cacheDir, `${PACKAGE}-18.9.1`, 'bin', 'node'),
    );
    await expect(findInstalledRuntime(cacheDir, PACKAGE, '18.20.8')).resolves.toBe(
      join(cacheDir, `${PACKAGE}-18.20.8`, 'bin', 'node'),
    );
    await expect(findInstalledRuntime(cacheDir, PACKAGE, '18.30.0')).resolves.toBeNull();
    await expect(findInstalledRuntime(cacheDir, PACKAGE, '18.40.0')).resolves.toBeNull();
    await expect(findInstalledRuntime(cacheDir, PACKAGE, '18.20.9')).resolves.toBeNull();
    await expect(findInstalledRuntime(join(cacheDir, 'missing'), PACKAGE, '18.20.8')).resolves.toBeNull();
  });
});
