import type { FileReport } from './_process-file.js';
import { CodemodError } from './errors.js';
import { collectFiles } from './files.js';
import { coreCount, runTasks } from './pool.js';
import { isTransformSelection, TRANSFORM_NAMES, type TransformSelection } from './types.js';

/** Options of {@link runCodemod}. */
export interface RunOptions {
  /** A transform name or `all`. */
  readonly transform: TransformSelection;
  /** Files and folders; folders are walked, skipping `node_modules` and `.gitignore`d paths. */
  readonly paths: readonly string[];
  /** Write nothing; each changed file's report carries a unified diff. Default `false`. */
  readonly dry?: boolean;
  /** Each changed file's report carries its new text. Default `false`. */
  readonly print?: boolean;
  /** The folder paths are resolved from and reported relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Worker threads to use. Default: one per core. */
  readonly workers?: number;
  /** Called after each file, with how many are done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Every file's report, in the order the files were found. */
export interface RunResult {
  readonly files: readonly FileReport[];
}

/**
 * Runs a transform over files and folders: reads each file, rewrites what is safe, writes changed files
 * atomically (unless `dry`), and reports per file `changed`, `unchanged` or `failed` with its notes.
 * A file that cannot be parsed is reported `failed`; the others are still written.
 *
 * @throws {CodemodError} `UNKNOWN_TRANSFORM`, `MISSING_PATHS`, `PATH_NOT_FOUND`, `INVALID_OPTION` before any file is touched.
 */
export async function runCodemod(options: RunOptions): Promise<RunResult> {
  if (!isTransformSelection(options.transform)) {
    throw new CodemodError(
      'UNKNOWN_TRANSFORM',
      `Unknown transform ${JSON.stringify(options.transform)}: use one of ${[...TRANSFORM_NAMES, 'all'].join(', ')}.`,
    );
  }
  if (!Array.isArray(options.paths) || options.paths.length === 0) {
    throw new CodemodError('MISSING_PATHS', 'No paths given: pass at least one file or folder to transform.');
  }
  const workers = options.workers ?? coreCount();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new CodemodError(
      'INVALID_OPTION',
      `Option workers must be a positive integer, got ${String(workers)}.`,
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const files = collectFiles(options.paths, cwd);
  const tasks = files.map((file) => ({
    file,
    cwd,
    transform: options.transform,
    dry: options.dry ?? false,
    print: options.print ?? false,
  }));
  let done = 0;
  const reports = await runTasks(tasks, workers, () => {
    done++;
    options.onProgress?.(done, tasks.length);
  });
  return { files: reports };
}
