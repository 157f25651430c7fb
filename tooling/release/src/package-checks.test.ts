import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson, dependencyProblems, tarballDifferences } from './package-checks.js';

const releasing = new Map([
  ['@ws-compat/query-params', '0.2.0'],
  ['@ws-compat/header-options', '0.1.1'],
]);

test.each([
  {
    name: 'pnpm replaced workspace:^ with the released version',
    dependencies: {
      '@ws-compat/query-params': '^0.2.0',
      '@ws-compat/header-options': '^0.1.1',
      cookie: '1.1.1',
    },
    problems: [],
  },
  {
    name: 'a workspace: range left in the tarball',
    dependencies: { '@ws-compat/query-params': 'workspace:^' },
    problems: [
      'dependencies["@ws-compat/query-params"] is "workspace:^" in the tarball: npm cannot install it (pack with pnpm)',
    ],
  },
  {
    name: 'a catalog: range left in the tarball',
    dependencies: { cookie: 'catalog:' },
    problems: ['dependencies["cookie"] is "catalog:" in the tarball: npm cannot install it (pack with pnpm)'],
  },
  {
    name: 'a range that misses the version released alongside',
    dependencies: { '@ws-compat/query-params': '^0.1.0' },
    problems: [
      'dependencies["@ws-compat/query-params"] is "^0.1.0", which does not include @ws-compat/query-params@0.2.0 being released',
    ],
  },
])('$name', ({ dependencies, problems }) => {
  expect(dependencyProblems({ dependencies }, releasing)).toEqual(problems);
});

test('canonicalJson ignores key order at every depth, not array order', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
    canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
  );
  expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
});

describe('tarballDifferences', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ws-compat-tarballs-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** A tarball holding `package/<name>` for each entry, as npm and pnpm lay them out. */
  async function tarball(name: string, files: Record<string, string>) {
    const root = path.join(directory, name);
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, 'package', file)), { recursive: true });
      await writeFile(path.join(root, 'package', file), content);
    }
    const file = path.join(directory, `${name}.tgz`);
    execFileSync('tar', ['-czf', file, '-C', root, 'package']);
    return file;
  }

  test('the same files, package.json keys in another order: no difference', async () => {
    const checked = await tarball('a', {
      'package.json': '{"a":1,"b":{"x":"1","y":"2"}}',
      'dist/index.mjs': 'x',
    });
    const published = await tarball('b', {
      'package.json': '{"b":{"y":"2","x":"1"},"a":1}',
      'dist/index.mjs': 'x',
    });
    expect(await tarballDifferences(checked, await readFile(published))).toEqual([]);
  });

  test('a changed, a missing and an extra file are each named', async () => {
    const checked = await tarball('c', {
      'package.json': '{}',
      'dist/index.mjs': 'x',
      'dist/index.cjs': 'y',
    });
    const published = await tarball('d', {
      'package.json': '{}',
      'dist/index.mjs': 'changed',
      'dist/extra.js': 'z',
    });
    expect(await tarballDifferences(checked, await readFile(published))).toEqual([
      'package/dist/index.cjs was not published',
      'package/dist/index.mjs differs',
      'package/dist/extra.js was published but not checked',
    ]);
  });
});
