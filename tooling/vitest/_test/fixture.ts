// Test-only: a small package source in a temporary directory for this package's tests: an entry,
// a nested module, and what must stay out of a transpiled copy (tests, type tests, _test, clients).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const FILES: Record<string, string> = {
  'index.ts':
    "import { twice } from './nested/twice.js';\nexport const answer: number = twice(21);\nlet loads = 0;\nexport const count = (): number => ++loads;\n",
  'nested/twice.ts': 'export function twice(value: number): number {\n  return value * 2;\n}\n',
  'needs-node.ts': "import { Buffer } from 'node:buffer';\nexport const size = Buffer.byteLength('x');\n",
  'warns.ts': "export function warn(text: string): void {\n  console.warn('[pkg]', text);\n}\n",
  'index.test.ts': 'throw new Error("a test file");\n',
  'index.test-d.ts': 'export type T = 1;\n',
  '_test/helper.ts': 'export const helper = 1;\n',
  'clients/client.ts': 'export const client = 1;\n',
};

/**
 * Registers hooks that write the fixture before the file's tests and remove it after; the returned
 * function gives its directory.
 */
export function useFixturePackage(): () => string {
  let source = '';
  beforeAll(() => {
    source = mkdtempSync(join(tmpdir(), 'vitest-config-fixture-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(source, name)), { recursive: true });
      writeFileSync(join(source, name), text);
    }
  });
  afterAll(() => rmSync(source, { recursive: true, force: true }));
  return () => source;
}
