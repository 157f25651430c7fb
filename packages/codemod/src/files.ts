import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CodemodError } from './errors.js';
import { isSourceFile } from './parse.js';

/** Directories never walked into. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

interface IgnoreRules {
  readonly base: string;
  readonly rules: Ignore;
}

function readRules(directory: string): IgnoreRules | undefined {
  const file = join(directory, '.gitignore');
  if (!existsSync(file)) return undefined;
  return { base: directory, rules: ignore().add(readFileSync(file, 'utf8')) };
}

function ignored(stack: readonly IgnoreRules[], path: string, directory: boolean): boolean {
  for (const { base, rules } of stack) {
    const relativePath = relative(base, path).split(sep).join('/');
    if (relativePath === '' || relativePath.startsWith('..')) continue;
    if (rules.ignores(directory ? `${relativePath}/` : relativePath)) return true;
  }
  return false;
}

/** The `.gitignore` rules of `directory`'s ancestors, up to the repository root (the folder holding `.git`). */
function ancestorRules(directory: string): IgnoreRules[] {
  const rules: IgnoreRules[] = [];
  let current = dirname(directory);
  for (;;) {
    const found = readRules(current);
    if (found !== undefined) rules.unshift(found);
    if (existsSync(join(current, '.git'))) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return rules;
}

/**
 * The source files under `paths` (files as given, directories walked), skipping `node_modules`, `.git`
 * and whatever the `.gitignore` files of the walked folders and their ancestors exclude.
 *
 * @throws {CodemodError} `PATH_NOT_FOUND` for a path that does not exist.
 */
export function collectFiles(paths: readonly string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) {
      throw new CodemodError(
        'PATH_NOT_FOUND',
        `Path ${JSON.stringify(path)} does not exist (resolved from ${cwd}): pass files or folders that exist.`,
      );
    }
    if (statSync(absolute).isDirectory()) {
      walk(absolute, ancestorRules(absolute), files);
    } else {
      files.add(absolute);
    }
  }
  return [...files];
}

function walk(directory: string, inherited: readonly IgnoreRules[], files: Set<string>): void {
  const own = readRules(directory);
  const stack = own === undefined ? inherited : [...inherited, own];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || ignored(stack, path, true)) continue;
      walk(path, stack, files);
    } else if (entry.isFile() && isSourceFile(entry.name) && !ignored(stack, path, false)) {
      files.add(path);
    }
  }
}
