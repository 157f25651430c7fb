// @ts-check
import { NodeRuntimeError } from './errors.js';
import {
  defaultLockFile,
  LOCKFILE_VERSION,
  REFRESH_COMMAND,
  readRuntimeLock,
  writeRuntimeLock,
} from './lock.js';
import { runtimePackageName } from './platform.js';
import { resolveLatestRuntimes } from './registry.js';

/** @typedef {import('./index.d.ts').RuntimeLock} RuntimeLock */
/** @typedef {import('./index.d.ts').RuntimeLockChange} RuntimeLockChange */
/** @typedef {import('./index.d.ts').RefreshRuntimeLockOptions} RefreshRuntimeLockOptions */

/** The Node majors the project runs on; `--latest` locks each of them. */
export const LOCKED_MAJORS = Object.freeze([18, 20, 22, 24]);

/**
 * Rewrites the runtime lock with the newest release of each major from the npm registry, for every
 * runtime package already in the lock and this platform's. Nothing is written when a lookup fails.
 *
 * @param {RefreshRuntimeLockOptions} [options]
 * @returns {Promise<{ lock: RuntimeLock; changes: RuntimeLockChange[] }>} changes: one per entry
 *   added or moved to another version (unchanged entries are not listed)
 * @throws {NodeRuntimeError} `LOCK_INVALID` (an existing lock that cannot be read), `INVALID_MAJOR`,
 *   `UNSUPPORTED_PLATFORM`, `NOT_FOUND`, `INTEGRITY_MISSING`, `REGISTRY_FAILED`, `ABORTED`
 */
export async function refreshRuntimeLock(options = {}) {
  const file = options.lockFile ?? defaultLockFile();
  const majors = options.majors ?? LOCKED_MAJORS;
  for (const major of majors) {
    if (!Number.isInteger(major) || major < 16) {
      throw new NodeRuntimeError(
        'INVALID_MAJOR',
        `Node majors to lock must be integers of 16 or more, like 18, 20, 22 or 24 (got ${String(major)}).`,
      );
    }
  }
  /** @type {RuntimeLock} */
  let previous;
  try {
    previous = await readRuntimeLock(file);
  } catch (error) {
    if (!(error instanceof NodeRuntimeError) || error.code !== 'NOT_LOCKED') throw error;
    previous = { lockfileVersion: LOCKFILE_VERSION, runtimes: {} }; // the first --latest writes it
  }
  const packages = options.packages ?? [
    ...new Set([...Object.keys(previous.runtimes), runtimePackageName()]),
  ];
  /** @type {RuntimeLock} */
  const lock = { lockfileVersion: LOCKFILE_VERSION, runtimes: { ...previous.runtimes } };
  /** @type {RuntimeLockChange[]} */
  const changes = [];
  for (const packageName of packages) {
    options.onProgress?.(`asking the registry for ${packageName}@${majors.join(' || ')}`);
    const resolved = await resolveLatestRuntimes(packageName, majors, { signal: options.signal });
    const entries = { ...lock.runtimes[packageName] };
    for (const [major, entry] of resolved) {
      const before = entries[String(major)];
      if (before?.version === entry.version && before.integrity !== entry.integrity) {
        // a published version never changes: other bytes under a locked version are a registry problem
        throw new NodeRuntimeError(
          'INTEGRITY_MISMATCH',
          `The registry reports another sha512 for ${packageName}@${entry.version} (${entry.integrity}) than ${file} (${before.integrity}). A published version never changes: check the registry or proxy (npm config get registry). Nothing was written; to accept the new bytes, delete that entry from the lock and run ${REFRESH_COMMAND} again.`,
        );
      }
      if (before?.version !== entry.version) {
        changes.push({ packageName, major, from: before?.version ?? null, to: entry.version });
      }
      entries[String(major)] = entry;
    }
    lock.runtimes[packageName] = entries;
  }
  await writeRuntimeLock(file, lock);
  return { lock, changes };
}
