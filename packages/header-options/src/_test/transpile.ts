// Test-only: the package source as plain ES modules in a temporary directory, for child processes
// that run under flags vitest's workers cannot have (node --experimental-websocket).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TranspiledPackage, transpilePackage as transpile } from '@ws-compat/vitest-config/transpile';

/** Transpiles `src/` (without `_test` and `clients`) to a fresh temporary directory. */
export function transpilePackage(): TranspiledPackage {
  return transpile({
    source: join(dirname(fileURLToPath(import.meta.url)), '..'),
    name: 'header-options',
    skip: ['_test', 'clients'],
  });
}
