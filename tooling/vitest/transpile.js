// @ts-check
// Test-only: a package's TypeScript source as plain modules, for child processes on other Node
// runtimes or under flags vitest's workers cannot have, and for a browser-like V8 context.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** @typedef {import('./transpile.d.ts').TranspileOptions} TranspileOptions */
/** @typedef {import('./transpile.d.ts').TranspiledPackage} TranspiledPackage */

/**
 * One TypeScript file as JavaScript (types stripped, nothing checked).
 *
 * @param {string} file  absolute path of a `.ts` file
 * @param {'esm' | 'commonjs'} format
 * @returns {string}
 */
export function transpileFile(file, format) {
  return ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
    },
    fileName: file,
  }).outputText;
}

/**
 * The source files of a package: every `.ts` file that is not a test (`.test.ts`, `.test-d.ts`), in
 * `source` and its subdirectories except those named in `skip`.
 *
 * @param {string} source
 * @param {ReadonlySet<string>} skip
 * @returns {string[]}
 */
function sourceFiles(source, skip) {
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const path = join(source, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) files.push(...sourceFiles(path, skip));
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.test-d.ts')
    ) {
      files.push(path);
    }
  }
  return files;
}

/**
 * Transpiles a package's `src/` to ES modules in a fresh temporary directory (with a
 * `{ "type": "module" }` package.json), keeping the layout: `src/a/b.ts` becomes `<directory>/a/b.js`.
 *
 * @param {TranspileOptions} options
 * @returns {TranspiledPackage}
 * @throws {TypeError} code `VITEST_CONFIG_BAD_OPTION` when `source` is not a directory
 */
export function transpilePackage(options) {
  const skip = new Set(options.skip ?? ['_test']);
  if (statSync(options.source, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw Object.assign(
      new TypeError(
        `transpilePackage: source ${JSON.stringify(options.source)} is not a directory; pass the package's src directory`,
      ),
      { code: 'VITEST_CONFIG_BAD_OPTION' },
    );
  }
  const files = sourceFiles(options.source, skip);
  const directory = mkdtempSync(join(tmpdir(), `ws-compat-${options.name}-`));
  writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
  for (const file of files) {
    const target = join(directory, relative(options.source, file)).slice(0, -'.ts'.length) + '.js';
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, transpileFile(file, 'esm'));
  }
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
