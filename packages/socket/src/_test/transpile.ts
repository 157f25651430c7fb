// Test-only: the package source as plain ES modules in a temporary directory, for child processes on
// other Node runtimes or under flags vitest's workers cannot have.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TranspiledPackage, transpilePackage as transpile } from '@ws-compat/vitest-config/transpile';

/** Transpiles `src/` (without `_test`, `clients` and `servers`) to a fresh temporary directory. */
export function transpilePackage(): TranspiledPackage {
  return transpile({
    source: join(dirname(fileURLToPath(import.meta.url)), '..'),
    name: 'socket',
    skip: ['_test', 'clients', 'servers'],
  });
}
