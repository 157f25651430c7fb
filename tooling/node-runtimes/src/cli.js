// @ts-check
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NodeRuntimeError } from './errors.js';
import { ensureNodeRuntime } from './index.js';
import { defaultLockFile, REFRESH_COMMAND, readRuntimeLock } from './lock.js';
import { runtimePackageName } from './platform.js';
import { refreshRuntimeLock } from './refresh.js';

export const USAGE = `Usage: pnpm runtimes [--latest] [--majors 18,20,...] [--lock FILE]
  (no flag)   install every runtime the lock names for this platform (checked against its sha512) and print it
  --latest    rewrite the lock with the newest release of each major from the npm registry, and print what moved
  --majors    with --latest: only these majors (default 18,20,22,24; other entries are kept)
  --lock      another lock file (default ${defaultLockFile()})
Exit codes: 0 done, 1 a runtime error (its code is printed), 2 a usage error.`;

/**
 * Runs the `runtimes` command.
 *
 * @param {readonly string[]} argv
 * @param {{ out?: (text: string) => void; err?: (text: string) => void }} [io]
 * @returns {Promise<0 | 1 | 2>} the exit code
 */
export async function main(argv, io = {}) {
  const out = io.out ?? ((text) => process.stdout.write(text));
  const err = io.err ?? ((text) => process.stderr.write(text));
  /** @type {{ latest: boolean; majors?: string | undefined; lock?: string | undefined; help: boolean }} */
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        latest: { type: 'boolean', default: false },
        majors: { type: 'string' },
        lock: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  const majors = values.majors?.split(',').map((item) => Number(item.trim()));
  if (majors !== undefined && (majors.length === 0 || !majors.every((m) => Number.isInteger(m) && m >= 16))) {
    err(`--majors must be a comma-separated list of Node majors like 18,20 (got "${values.majors}")\n`);
    return 2;
  }
  if (majors !== undefined && !values.latest) {
    err('--majors only applies with --latest\n');
    return 2;
  }
  // paths on the command line are relative to where the user typed it (pnpm runs scripts in the package)
  const lockFile =
    values.lock === undefined
      ? defaultLockFile()
      : resolve(process.env['INIT_CWD'] || process.cwd(), values.lock);
  try {
    if (values.latest) {
      const { lock, changes } = await refreshRuntimeLock({
        lockFile,
        ...(majors === undefined ? {} : { majors }),
        onProgress: (line) => err(`${line}\n`),
      });
      for (const change of changes) {
        out(`${change.packageName} ${change.major}: ${change.from ?? '(none)'} -> ${change.to}\n`);
      }
      const count = Object.values(lock.runtimes).reduce(
        (sum, entries) => sum + Object.keys(entries).length,
        0,
      );
      out(
        `${changes.length === 0 ? 'no change' : `${changes.length} changed`}; ${count} runtimes locked in ${lockFile}\n`,
      );
      return 0;
    }
    const packageName = runtimePackageName();
    const lock = await readRuntimeLock(lockFile);
    const locked = Object.keys(lock.runtimes[packageName] ?? {}).map(Number);
    if (locked.length === 0) {
      throw new NodeRuntimeError(
        'NOT_LOCKED',
        `${lockFile} has no ${packageName} runtimes; add them with ${REFRESH_COMMAND}.`,
      );
    }
    for (const major of locked) {
      const runtime = await ensureNodeRuntime(/** @type {import('./index.d.ts').NodeMajor} */ (major), {
        lockFile,
        onProgress: (line) => err(`node ${major}: ${line}\n`),
      });
      out(`node@${runtime.version} ${runtime.source} ${runtime.execPath}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof NodeRuntimeError) {
      err(`${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
