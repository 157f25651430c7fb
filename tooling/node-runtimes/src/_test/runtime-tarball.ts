import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp directories made by the helpers here; remove them with {@link removeTempDirs} after each test. */
const temps: string[] = [];

export function tempDir(prefix = 'node-runtimes-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function sha512Of(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/**
 * A real gzipped tarball shaped like the npm runtime packages (`package/package.json` and
 * `package/bin/node`), whose `node` is a shell script printing `v<reportedVersion>`.
 */
export function runtimeTarball(
  reportedVersion: string,
  packageName = 'node-test-x64',
): { path: string; bytes: Buffer; integrity: string } {
  const root = tempDir();
  const bin = join(root, 'package', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(root, 'package', 'package.json'),
    JSON.stringify({ name: packageName, version: reportedVersion }),
  );
  writeFileSync(join(bin, 'node'), `#!/bin/sh\necho v${reportedVersion}\n`);
  chmodSync(join(bin, 'node'), 0o755);
  const path = join(root, 'runtime.tgz');
  execFileSync('tar', ['-czf', path, '-C', root, 'package']);
  const bytes = readFileSync(path);
  return { path, bytes, integrity: sha512Of(bytes) };
}
