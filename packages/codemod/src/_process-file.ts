import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { unifiedDiff } from './diff.js';
import { CodemodError } from './errors.js';
import { transformSource } from './transform.js';
import type { Note, TransformSelection } from './types.js';
import { writeFileAtomic } from './write.js';

/** What the codemod did to one file (the `--json` entry, plus the diff and output on request). */
export interface FileReport {
  /** The path relative to the working folder, with `/` separators. */
  readonly path: string;
  readonly status: 'changed' | 'unchanged' | 'failed';
  readonly notes: readonly Note[];
  /** With `dry`: the unified diff of a changed file. */
  readonly diff?: string;
  /** With `print`: the new text of a changed file. */
  readonly output?: string;
}

/** One unit of work, small enough to post to a worker. */
export interface FileTask {
  readonly file: string;
  readonly cwd: string;
  readonly transform: TransformSelection;
  readonly dry: boolean;
  readonly print: boolean;
}

/** Reads, transforms and (unless `dry`) atomically rewrites one file; never throws. */
export function processFile(task: FileTask): FileReport {
  const path = relative(task.cwd, task.file).split(sep).join('/') || task.file;
  let source: string;
  try {
    source = readFileSync(task.file, 'utf8');
  } catch (error) {
    return {
      path,
      status: 'failed',
      notes: [{ line: 0, message: `Could not read the file: ${(error as Error).message}` }],
    };
  }
  try {
    const result = transformSource(task.transform, source, task.file);
    if (!result.changed) return { path, status: 'unchanged', notes: result.notes };
    if (!task.dry) writeFileAtomic(task.file, result.output);
    return {
      path,
      status: 'changed',
      notes: result.notes,
      ...(task.dry ? { diff: unifiedDiff(path, source, result.output) } : {}),
      ...(task.print ? { output: result.output } : {}),
    };
  } catch (error) {
    const line = error instanceof CodemodError ? lineOfParseError(error.message) : 0;
    const message = error instanceof Error ? error.message : String(error);
    return { path, status: 'failed', notes: [{ line, message }] };
  }
}

function lineOfParseError(message: string): number {
  // "Could not parse <file>:<line>:<column>: ..." — the line is the number after the file name.
  const match = /:(\d+):\d+: /.exec(message);
  return match === null ? 0 : Number(match[1]);
}
