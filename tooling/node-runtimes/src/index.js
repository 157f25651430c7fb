// @ts-check
import { defaultCacheDir, findCachedRuntime } from './cache.js';
import { NodeRuntimeError } from './errors.js';
import { downloadAndInstall } from './install.js';
import { runtimePackageName } from './platform.js';
import { resolveRuntime } from './registry.js';

export { defaultCacheDir } from './cache.js';
export { NodeRuntimeError } from './errors.js';

/** @typedef {import('./index.d.ts').NodeRuntime} NodeRuntime */
/** @typedef {import('./index.d.ts').EnsureNodeRuntimeOptions} EnsureNodeRuntimeOptions */

/**
 * Returns a Node.js runtime of the given major: the running Node when its major matches, else the
 * newest of that major already in the cache, else the newest release downloaded from the npm registry
 * (`node-<platform>-<arch>@<major>`), verified against its sha512 and installed atomically.
 *
 * @param {number} major e.g. 18, 20, 22 or 24
 * @param {EnsureNodeRuntimeOptions} [options]
 * @returns {Promise<NodeRuntime>}
 * @throws {NodeRuntimeError} `INVALID_MAJOR`, `UNSUPPORTED_PLATFORM`, `NOT_FOUND`, `REGISTRY_FAILED`,
 *   `INTEGRITY_MISSING`, `INTEGRITY_MISMATCH`, `DOWNLOAD_FAILED`, `UNPACK_FAILED`, `INVALID_RUNTIME`, `ABORTED`
 */
export async function ensureNodeRuntime(major, options = {}) {
  if (!Number.isInteger(major) || major < 16) {
    throw new NodeRuntimeError(
      'INVALID_MAJOR',
      `Node major must be an integer of 16 or more, like 18, 20, 22 or 24 (got ${String(major)}).`,
    );
  }
  const systemVersion = process.versions.node;
  if (Number(systemVersion.split('.')[0]) === major) {
    return { major, version: systemVersion, execPath: process.execPath, source: 'system' };
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const packageName = runtimePackageName();
  const cached = await findCachedRuntime(cacheDir, packageName, major);
  if (cached !== null) return { major, version: cached.version, execPath: cached.execPath, source: 'cache' };

  if (options.signal?.aborted) {
    throw new NodeRuntimeError('ABORTED', `Getting Node ${major} was aborted.`, {
      cause: options.signal.reason,
    });
  }
  options.onProgress?.(`resolving ${packageName}@${major}`);
  const resolved = await resolveRuntime(packageName, major, { signal: options.signal });
  const { execPath } = await downloadAndInstall({
    cacheDir,
    packageName,
    version: resolved.version,
    integrity: resolved.integrity,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { major, version: resolved.version, execPath, source: 'download' };
}
