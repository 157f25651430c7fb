// The CLI's exit codes under --require-all and CI, through `merge` (the same bookkeeping as a run,
// without starting children; conformance.test.ts checks a real run).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cell, sampleMatrix } from './_test-matrix.js';
import { main } from './cli.js';
import { type CellResult, cellKey, type Matrix } from './model.js';
import { selectShard } from './shard.js';

let dir: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function matrixFile(cells: CellResult[]): string {
  const file = join(dir, 'matrix.json');
  writeFileSync(file, JSON.stringify(sampleMatrix(cells)));
  return file;
}

const SKIPPED = cell('chromium', 'ws@8.23.0', 'subprotocol', 'skipped', 'Chromium is not installed at /x');
const PASSED = cell('ws@8.23.0', 'ws@8.23.0', 'subprotocol', 'pass');
const FAILED = cell('ws@8.23.0', 'ws@2.3.1', 'subprotocol', 'fail', 'no echo');
const STRICT_MESSAGE =
  'skipped cell fails this run, because every cell must run here. Each "skipped:" line above says which and why: install what is missing, or run without --require-all (and without CI) to allow skips.\n';

describe('conformance merge: exit codes', () => {
  test.each([
    {
      name: 'a skipped cell, --require-all',
      cells: [PASSED, SKIPPED],
      args: ['--require-all'],
      env: {},
      code: 1,
    },
    { name: 'a skipped cell, CI=true', cells: [PASSED, SKIPPED], args: [], env: { CI: 'true' }, code: 1 },
    { name: 'only skipped cells, CI=1', cells: [SKIPPED], args: [], env: { CI: '1' }, code: 1 },
    { name: 'a skipped cell, no CI', cells: [PASSED, SKIPPED], args: [], env: {}, code: 0 },
    { name: 'a skipped cell, CI=false', cells: [PASSED, SKIPPED], args: [], env: { CI: 'false' }, code: 0 },
    {
      name: 'all pass, --require-all',
      cells: [PASSED],
      args: ['--require-all'],
      env: { CI: 'true' },
      code: 0,
    },
    { name: 'a failure, no CI', cells: [PASSED, FAILED], args: [], env: {}, code: 1 },
  ])('$name: exit $code', async ({ cells, args, env, code }) => {
    const out = join(dir, 'out');
    await expect(main(['merge', matrixFile(cells), '--out', out, ...args], env)).resolves.toBe(code);
  });

  test('a leading -- (from pnpm run conformance -- ...) is not the end of the options', async () => {
    const file = matrixFile([PASSED, SKIPPED]);
    await expect(main(['--', 'merge', file, '--out', join(dir, 'out'), '--require-all'], {})).resolves.toBe(
      1,
    );
    await expect(main(['--', 'merge', file, '--out', join(dir, 'out')], {})).resolves.toBe(0);
  });

  test('--require-all names each skipped cell and its reason, then why the run fails', async () => {
    await main(['merge', matrixFile([PASSED, SKIPPED]), '--out', join(dir, 'out')], { CI: 'true' });
    expect(stderr).toBe(`--require-all (on because CI=true): 1 ${STRICT_MESSAGE}`);
    const printed = vi
      .mocked(process.stdout.write)
      .mock.calls.map(([chunk]) => String(chunk))
      .join('');
    expect(printed).toContain('  skipped: 1 cell, chromium -> ws@8.23.0: Chromium is not installed at /x\n');
  });

  test('without --require-all the skips are listed and the run passes, with no strict message', async () => {
    await expect(main(['merge', matrixFile([PASSED, SKIPPED]), '--out', join(dir, 'out')], {})).resolves.toBe(
      0,
    );
    expect(stderr).toBe('');
    const printed = vi
      .mocked(process.stdout.write)
      .mock.calls.map(([chunk]) => String(chunk))
      .join('');
    expect(printed).toContain('  skipped: 1 cell, chromium -> ws@8.23.0: Chromium is not installed at /x\n');
  });
});

describe('conformance --shard and merge', () => {
  test.each(['0/4', '5/4', '2', 'a/b'])('--shard %s is refused before anything starts', async (value) => {
    await expect(main(['--shard', value, '--out', join(dir, 'out')], {})).rejects.toThrow(
      new TypeError(`--shard must be i/n with 1 <= i <= n, like 2/4 (got "${value}")`),
    );
  });

  test("merge of every shard's matrix.json writes the whole run's cells and summary", async () => {
    const cells = [PASSED, FAILED, SKIPPED, cell('ws@8.23.0', 'ws@8.23.0', 'bearer', 'expected-fail', 'x')];
    const files = [1, 2, 3].map((index) => {
      const file = join(dir, `shard-${index}.json`);
      const shard = selectShard(cells, { index, count: 3 });
      writeFileSync(
        file,
        JSON.stringify(
          sampleMatrix(shard, {
            environment: { node: '20.20.2', platform: 'linux-x64', shard: `${index}/3` },
          }),
        ),
      );
      return file;
    });
    const out = join(dir, 'merged');
    await expect(main(['merge', ...files, '--out', out], {})).resolves.toBe(1);
    const merged = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as Matrix;
    expect(merged.cells.map(cellKey).sort()).toEqual(cells.map(cellKey).sort());
    expect(merged.summary).toEqual(sampleMatrix(cells).summary);
    expect(merged.environment['shard']).toBeUndefined();
  });
});
