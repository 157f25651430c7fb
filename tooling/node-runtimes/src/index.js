// @ts-check
import { defaultCacheDir, findInstalledRuntime } from './cache.js';
import { NodeRuntimeError } from './errors.js';
import { downloadAndInstall } from './install.js';
import { defaultLockFile, lockedRuntime, REFRESH_COMMAND, readRuntimeLock } from './lock.js';
import { runtimePackageName } from './platform.js';

export { defaultCacheDir } from './cache.js';
export { NodeRuntimeError } from './errors.js';
export { defaultLockFile, readRuntimeLock } from './lock.js';
export { LOCKED_MAJORS, refreshRuntimeLock } from './refresh.js';

/** @typedef {import('./index.d.ts').NodeRuntime} NodeRuntime */
/** @typedef {import('./index.d.ts').EnsureNodeRuntimeOptions} EnsureNodeRuntimeOptions */

/**
 * Returns the Node.js runtime of a major that the runtime lock names (`runtimes.lock.json`: an exact
 * version and its sha512): the running Node when it is that exact version, else the cached copy of it,
 * else that version downloaded from the npm registry (`node-<platform>-<arch>@<version>`), checked
 * against the lock's sha512 and installed atomically.
 *
 * @param {number} major e.g. 18, 20, 22 or 24
 * @param {EnsureNodeRuntimeOptions} [options]
 * @returns {Promise<NodeRuntime>}
 * @throws {NodeRuntimeError} `INVALID_MAJOR`, `UNSUPPORTED_PLATFORM`, `NOT_LOCKED`, `LOCK_INVALID`,
 *   `INTEGRITY_MISSING`, `INTEGRITY_MISMATCH`, `DOWNLOAD_FAILED`, `UNPACK_FAILED`, `INVALID_RUNTIME`, `ABORTED`
 */
export async function ensureNodeRuntime(major, options = {}) {
  if (!Number.isInteger(major) || major < 16) {
    throw new NodeRuntimeError(
      'INVALID_MAJOR',
      `Node major must be an integer of 16 or more, like 18, 20, 22 or 24 (got ${String(major)}).`,
    );
  }
  const packageName = runtimePackageName();
  const lockFile = options.lockFile ?? defaultLockFile();
  const { version, integrity } = lockedRuntime(await readRuntimeLock(lockFile), packageName, major, lockFile);
  if (process.versions.node === version) {
    return { major, version, execPath: process.execPath, source: 'system' };
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = await findInstalledRuntime(cacheDir, packageName, version);
  if (cached !== null) return { major, version, execPath: cached, source: 'cache' };

  if (options.signal?.aborted) {
    throw new NodeRuntimeError('ABORTED', `Getting Node ${major} was aborted.`, {
      cause: options.signal.reason,
    });
  }
  options.onProgress?.(`${packageName}@${version} (locked in ${lockFile})`);
  const { execPath } = await downloadAndInstall({
    cacheDir,
    packageName,
    version,
    integrity,
    integrityOrigin: {
      source: `the sha512 locked in ${lockFile}`,
      advice: `the registry serves other bytes for this version than when it was locked. A published version never changes: check the registry or proxy (npm config get registry), and do not run ${REFRESH_COMMAND} to silence this.`,
    },
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { major, version, execPath, source: 'download' };
}
