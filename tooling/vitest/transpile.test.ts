import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { jsonLines, runNode } from '@ws-compat/vitest-config/child';
import { transpileFile, transpilePackage } from '@ws-compat/vitest-config/transpile';
import { describe, expect, test } from 'vitest';
import { useFixturePackage } from './_test/fixture.js';

const fixture = useFixturePackage();

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe('transpilePackage', () => {
  test.each([
    {
      name: 'default skip: _test only',
      skip: undefined,
      files: [
        'clients/client.js',
        'index.js',
        'needs-node.js',
        'nested/twice.js',
        'package.json',
        'warns.js',
      ],
    },
    {
      name: 'skip _test and clients',
      skip: ['_test', 'clients'],
      files: ['index.js', 'needs-node.js', 'nested/twice.js', 'package.json', 'warns.js'],
    },
  ])('$name: every non-test .ts as .js, the layout kept', ({ skip, files }) => {
    const { directory, remove } = transpilePackage({ source: fixture(), name: 'fixture', skip });
    try {
      expect(directory).toContain(join(tmpdir(), 'ws-compat-fixture-'));
      expect(listFiles(directory)).toEqual(files);
    } finally {
      remove();
    }
    expect(() => readdirSync(directory)).toThrow(/ENOENT/);
  });

  test('the output runs as ES modules in a child Node', async () => {
    const { directory, remove } = transpilePackage({ source: fixture(), name: 'fixture' });
    try {
      const script = `import { answer } from ${JSON.stringify(join(directory, 'index.js'))}; console.log(JSON.stringify({ answer }));`;
      const result = await runNode(['--input-type=module', '--eval', script]);
      expect({ code: result.code, lines: jsonLines(result.stdout), stderr: result.stderr }).toEqual({
        code: 0,
        lines: [{ answer: 42 }],
        stderr: '',
      });
    } finally {
      remove();
    }
  });

  test('a source that is not a directory: VITEST_CONFIG_BAD_OPTION naming it', () => {
    const missing = join(fixture(), 'missing');
    expect(() => transpilePackage({ source: missing, name: 'x' })).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        code: 'VITEST_CONFIG_BAD_OPTION',
        message: `transpilePackage: source ${JSON.stringify(missing)} is not a directory; pass the package's src directory`,
      }),
    );
  });

  test('transpileFile: types stripped, in the asked module format', () => {
    const file = join(fixture(), 'nested/twice.ts');
    expect(transpileFile(file, 'esm')).toBe('export function twice(value) {\n    return value * 2;\n}\n');
    expect(transpileFile(file, 'commonjs')).toContain('exports.twice = twice;');
  });
});
