// The real thing, small: build the app, run `--quick` (real ws, undici, Node globals and Chromium over
// loopback), check the reports, and look at matrix.html in Chromium.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './child/browser-driver.js';
import type { Matrix } from './model.js';
import { planCells, select } from './selection.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'conformance-quick-'));
const QUICK_TIMEOUT_MS = 300_000;

let run: { code: number | null; stdout: string; stderr: string; ms: number };
let matrix: Matrix;

beforeAll(async () => {
  execFileSync(join(appDir, 'node_modules', '.bin', 'tsdown'), [], {
    cwd: appDir,
    stdio: 'ignore',
    timeout: 120_000,
  });
  const started = Date.now();
  run = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(appDir, 'dist', 'cli.mjs'), '--quick', '--json', '--out', out],
      {
        cwd: appDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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
      reject(new Error(`--quick did not finish within ${QUICK_TIMEOUT_MS} ms:\n${stderr.slice(-2000)}`));
    }, QUICK_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
  matrix = JSON.parse(run.stdout) as Matrix;
}, QUICK_TIMEOUT_MS + 130_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('pnpm conformance --quick', () => {
  test('exits 0 with no failure and no stale declaration', () => {
    const problems = matrix.cells.filter(
      (cell) => cell.status === 'fail' || cell.status === 'unexpected-pass',
    );
    expect(problems).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('runs every planned cell: one client per family, ws 2 and 8 servers', () => {
    const planned = planCells(select({ quick: true }));
    expect(matrix.cells).toHaveLength(planned.length);
    expect(matrix.clients.map((client) => client.family)).toEqual([
      'ws',
      'undici',
      'node-global',
      'chromium',
    ]);
    expect(matrix.servers.map((server) => server.id)).toEqual(['ws@2.3.1', 'ws@8.23.0']);
    expect(matrix.summary.pass + matrix.summary.expectedFail + matrix.summary.skipped).toBe(planned.length);
  });

  test('each implementation names its runtime: servers on Node 18, the Node 22 global on Node 22', () => {
    for (const server of matrix.servers) expect(server.runtime).toMatch(/^node@18\.\d+\.\d+$/);
    const global = matrix.clients.find((client) => client.family === 'node-global');
    expect(global?.id).toMatch(/^node-global@22\.\d+\.\d+$/);
    expect(global?.runtime).toBe(`node@${global?.version}`);
  });

  test('no skips where Chromium is installed; a skip always has a reason', () => {
    if (existsSync(CHROMIUM_PATH)) expect(matrix.summary.skipped).toBe(0);
    for (const cell of matrix.cells.filter((entry) => entry.status === 'skipped'))
      expect(cell.reason).not.toBe('');
  });

  test('the three reports are written; the JSON file is what --json printed', () => {
    expect(JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8'))).toEqual(matrix);
    expect(readFileSync(join(out, 'matrix.md'), 'utf8')).toContain('## headers-arrive');
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toContain(
      '<table class="grid" data-scenario="context">',
    );
    expect(run.stderr).toContain(`[${matrix.cells.length}/${matrix.cells.length}]`);
  });
});

describe('matrix.html in Chromium', () => {
  test.skipIf(!existsSync(CHROMIUM_PATH))(
    'shows the summary and the coloured grid',
    { timeout: 90_000 },
    async () => {
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
        expect(await page.locator('td.cell[data-status]').count()).toBe(matrix.cells.length);
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
    },
  );
});
