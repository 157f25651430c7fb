// The real thing, small: build the app, run `--quick` (real ws, undici, Node globals and Chromium over
// loopback), check the reports, and look at matrix.html in Chromium.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRuntimeLock } from '@ws-compat/node-runtimes';
import {
  announceMissing,
  builtPackages,
  type Prerequisite,
  requirePrerequisites,
} from '@ws-compat/vitest-config/prerequisites';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './child/browser-driver.js';
import { clientAdapters } from './clients/index.js';
import type { Matrix } from './model.js';
import { describeSkips } from './report/terminal.js';
import { listRuntimes } from './runtimes.js';
import { planCells, select } from './selection.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'conformance-quick-'));
const QUICK_TIMEOUT_MS = 300_000;

// What this file needs from the machine. Missing, a test fails on CI and is skipped (loudly) elsewhere.
let built: Prerequisite = { ok: false, reason: 'the packages were not checked yet' };
const chromiumInstalled: Prerequisite = {
  ok: existsSync(CHROMIUM_PATH),
  reason: `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH), so the browser column and the matrix.html check cannot run`,
};

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}
let run: CliRun;
let matrix: Matrix;

/** Runs the built CLI; `env` replaces the inherited environment's entries (undefined removes one). */
function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(appDir, 'dist', 'cli.mjs'), ...args], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: Object.fromEntries(
        Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined),
      ),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${args.join(' ')} did not finish within ${QUICK_TIMEOUT_MS} ms:\n${stderr.slice(-2000)}`),
      );
    }, QUICK_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

beforeAll(async () => {
  built = await builtPackages(
    [
      '@ws-compat/header-options',
      '@ws-compat/query-params',
      '@ws-compat/connection-context',
      '@ws-compat/socket',
    ],
    { from: import.meta.url, buildCommand: 'pnpm build, or pnpm conformance, which builds first' },
  );
  announceMissing('apps/conformance/src/conformance.test.ts', [built, chromiumInstalled]);
  if (!built.ok) return; // every test below says why
  execFileSync(join(appDir, 'node_modules', '.bin', 'tsdown'), [], {
    cwd: appDir,
    stdio: 'ignore',
    timeout: 120_000,
  });
  run = await runCli(['--quick', '--json', '--out', out]);
  matrix = JSON.parse(run.stdout) as Matrix;
}, QUICK_TIMEOUT_MS + 130_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('pnpm conformance --quick', () => {
  test('exits 0 with no failure and no stale declaration', (context) => {
    requirePrerequisites(context, [built]);
    const problems = matrix.cells.filter(
      (cell) => cell.status === 'fail' || cell.status === 'unexpected-pass',
    );
    expect(problems).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('runs every planned cell: one client per family, one Python and the Go client; ws 2 and 8, aiohttp, gorilla', (context) => {
    requirePrerequisites(context, [built]);
    const planned = planCells(select({ quick: true }));
    expect(matrix.cells).toHaveLength(planned.length);
    expect(matrix.clients.map((client) => client.family)).toEqual([
      'ws',
      'undici',
      'node-global',
      'chromium',
      'python-websockets',
      'gorilla',
    ]);
    expect(matrix.servers.map((server) => server.id)).toEqual([
      'ws@2.3.1',
      'ws@8.23.0',
      'aiohttp@3.8.4',
      'gorilla@1.5.0',
    ]);
    // every entry says what it is written in and what runs it
    for (const entry of [...matrix.clients, ...matrix.servers]) {
      expect(entry.language).toMatch(/^(javascript|python|go)$/);
      expect(entry.engine).toContain(entry.runtime);
    }
    expect(matrix.summary.pass + matrix.summary.expectedFail + matrix.summary.skipped).toBe(planned.length);
  });

  test('each implementation runs on the exact runtime of the lock: servers on Node 18, the Node 22 global on Node 22', async (context) => {
    requirePrerequisites(context, [built]);
    const locked = (await readRuntimeLock()).runtimes[`node-${process.platform}-${process.arch}`];
    for (const server of matrix.servers.filter((entry) => entry.language === 'javascript'))
      expect(server.runtime).toBe(`node@${locked?.['18']?.version}`);
    const global = matrix.clients.find((client) => client.family === 'node-global');
    expect(global?.id).toBe(`node-global@${locked?.['22']?.version}`);
    expect(global?.runtime).toBe(`node@${global?.version}`);
    for (const client of matrix.clients.filter(
      (entry) => entry.family === 'ws' || entry.family === 'undici',
    )) {
      expect(client.runtime).toBe(`node@${locked?.['20']?.version}`);
    }
    // the report states them all, exactly
    expect(matrix.environment.runtimes).toBe(listRuntimes([...matrix.clients, ...matrix.servers]));
    expect(matrix.environment.runtimes).toMatch(
      new RegExp(
        `^node@${locked?.['18']?.version}, node@${locked?.['20']?.version}, node@${locked?.['22']?.version}(, chromium@[\\d.]+)?, go@[\\d.]+, python@[\\d.]+$`,
      ),
    );
  });

  test('no skips where Chromium is installed; a skip always has a reason, printed with the summary', (context) => {
    requirePrerequisites(context, [built]);
    if (chromiumInstalled.ok) expect(matrix.summary.skipped).toBe(0);
    for (const cell of matrix.cells.filter((entry) => entry.status === 'skipped')) {
      expect(cell.reason).not.toBe('');
    }
    expect(run.stderr).toContain(`\n${describeSkips(matrix).join('\n')}\n`);
  });

  test('Chromium took part', (context) => {
    requirePrerequisites(context, [built, chromiumInstalled]);
    const browser = matrix.clients.find((client) => client.family === 'chromium');
    expect(browser?.skipped).toBeNull();
    expect(browser?.runtime).toMatch(/^chromium@\d+\.[\d.]+$/);
  });

  test('the three reports are written; the JSON file is what --json printed', (context) => {
    requirePrerequisites(context, [built]);
    expect(JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8'))).toEqual(matrix);
    expect(readFileSync(join(out, 'matrix.md'), 'utf8')).toContain('## headers-arrive');
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toContain(
      '<table class="grid" data-scenario="context">',
    );
    expect(run.stderr).toContain(`[${matrix.cells.length}/${matrix.cells.length}]`);
  });
});

describe('--require-all (CI=true): a skipped cell fails the run', () => {
  // --no-browser skips the Chromium cell: one cell against one server, a few seconds
  const args = [
    '--no-browser',
    '--clients',
    'chromium',
    '--servers',
    'ws@8',
    '--scenarios',
    'reserved-refused',
  ];

  test.for([
    { name: '--require-all', extra: ['--require-all'], env: { CI: undefined }, code: 1 },
    { name: 'CI=true', extra: [], env: { CI: 'true' }, code: 1 },
    { name: 'neither', extra: [], env: { CI: undefined }, code: 0 },
  ])('$name: exit $code', { timeout: 120_000 }, async ({ extra, env, code }, context) => {
    requirePrerequisites(context, [built]);
    const result = await runCli([...args, ...extra, '--out', join(out, 'strict')], env);
    expect(result.stdout).toContain(
      '  skipped: 1 cell, chromium -> ws@8.23.0: browser clients disabled with --no-browser',
    );
    expect(result.code).toBe(code);
    expect(result.stderr.includes('skipped cell fails this run')).toBe(code === 1);
  });
});

describe('matrix.html in Chromium', () => {
  test('opens on the overview (scenario x client family), which leads to the coloured grids', {
    timeout: 90_000,
  }, async (testContext) => {
    requirePrerequisites(testContext, [built, chromiumInstalled]);
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'conformance-screenshot-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`file://${join(out, 'matrix.html')}`);
      expect(await page.locator('table.grid').count()).toBe(matrix.scenarios.length);
      expect(await page.locator('table.grid td.cell[data-status]').count()).toBe(matrix.cells.length);
      // the overview comes first: one cell per scenario and client family that the selection runs (a
      // family whose clients run no connection scripts has no cells there), the worst status shown
      const familyOf = new Map(clientAdapters.map((client) => [client.selector, client.family]));
      const runs = new Set(
        planCells(select({ quick: true })).map((cell) => `${cell.scenario} ${familyOf.get(cell.client)}`),
      );
      const overview = page.locator('table.overview');
      expect(await overview.locator('td.cell[data-status]').count()).toBe(runs.size);
      expect(await overview.locator('td.cell.empty').count()).toBe(
        matrix.scenarios.length * new Set(matrix.clients.map((client) => client.family)).size - runs.size,
      );
      const overviewTop = (await overview.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
      expect(overviewTop).toBeLessThan((await page.locator('table.grid').first().boundingBox())?.y ?? 0);
      await overview.locator('td.cell a').first().click();
      expect(new URL(page.url()).hash).toBe(`#${matrix.scenarios[0]?.id}`);
      const pass = page.locator('td.cell[data-status="pass"]').first();
      expect(await pass.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
        'rgb(46, 125, 50)',
      );
      const box = await page.locator('table.grid').first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      await expect(page.locator('#summary .badge').first().isVisible()).resolves.toBe(true);
      const screenshot = await page.screenshot({ fullPage: true });
      expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
      expect(screenshot.length).toBeGreaterThan(20_000);
      mkdirSync(join(appDir, 'reports'), { recursive: true });
      writeFileSync(join(appDir, 'reports', 'matrix-screenshot.png'), screenshot);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
