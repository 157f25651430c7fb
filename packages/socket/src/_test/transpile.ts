// Test-only: the package source as plain ES modules in a temporary directory, for child processes on
// other Node runtimes or under flags vitest's workers cannot have.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) continue; // the package is flat; _test, clients and servers stay out
    if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.test-d.ts')
    ) {
      files.push(path);
    }
  }
  return files;
}

/** Transpiles `src/*.ts` to a fresh temporary directory; returns it and a function that removes it. */
export function transpilePackage(): { directory: string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'ws-compat-socket-'));
  writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
  for (const file of sourceFiles(SOURCE)) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(directory, relative(SOURCE, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
