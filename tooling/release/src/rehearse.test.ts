import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { planStages } from './rehearsal.js';
import { copyWorkspace } from './workspace-copy.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REHEARSE = fileURLToPath(new URL('./rehearse.js', import.meta.url));

describe('planStages', () => {
  test.each([
    { wanted: ['pack-check'], plan: ['copy', 'install', 'build', 'pack-check'] },
    { wanted: ['registry'], plan: ['registry'] },
    {
      wanted: ['consumer-types'],
      plan: [
        'copy',
        'install',
        'version',
        'build',
        'pack-check',
        'registry',
        'publish',
        'consumer-install',
        'consumer-types',
      ],
    },
  ] as const)('$wanted needs $plan', ({ wanted, plan }) => {
    expect(planStages(wanted)).toEqual(plan);
  });
});

// The rehearsal's own pack-check stage, run by the CLI on a copy of this repository whose
// query-params manifest points `import` at a file the build never writes.
describe('a broken exports entry', () => {
  let corrupted = '';
  let result: SpawnSyncReturns<string>;

  beforeAll(async () => {
    corrupted = await mkdtemp(path.join(tmpdir(), 'ws-compat-corrupted-'));
    await copyWorkspace(REPOSITORY_ROOT, corrupted);
    const manifestPath = path.join(corrupted, 'packages', 'query-params', 'package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.exports['.'].import.default = './dist/index.missing.mjs';
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    result = spawnSync(
      process.execPath,
      [
        REHEARSE,
        '--source',
        corrupted,
        '--stage',
        'pack-check',
        '--package',
        '@ws-compat/query-params',
        '--timeout',
        '150',
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
  }, 180_000);

  afterAll(async () => {
    await rm(corrupted, { recursive: true, force: true });
  });

  test('fails the rehearsal', () => {
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+pack-check/);
    expect(result.stdout).toContain('FAILED: release rehearsal');
  });

  test('names the package and the broken entry', () => {
    expect(result.stdout).toContain(
      '@ws-compat/query-params: exports["."].import.default points to ./dist/index.missing.mjs, which is not in the tarball',
    );
    expect(result.stdout).toContain(
      '@ws-compat/query-params: publint: pkg.exports["."].import.default is ./dist/index.missing.mjs but the file does not exist',
    );
  });

  test('stops after pack-check and deletes its temporary directory', () => {
    expect(result.stdout).toMatch(/ok\s+build/);
    expect(result.stdout).not.toContain('> registry');
    const workDirectory = /^Release rehearsal in (\S+)/m.exec(result.stdout)?.[1];
    expect(workDirectory).toBeDefined();
    expect(existsSync(workDirectory as string)).toBe(false);
    expect(result.stdout).toContain('temporary directories deleted');
  });
});
