// matrix.html in Chromium, from a small matrix with request bytes: the overview first, then a grid,
// then one cell's drill-down (reason and request bytes), with nothing else of the drill-downs shown.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  announceMissing,
  type Prerequisite,
  requirePrerequisites,
} from '@ws-compat/vitest-config/prerequisites';
import { describe, expect, test } from 'vitest';
import { cell, SAMPLE_CELLS, sampleMatrix } from '../_test-matrix.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../child/browser-driver.js';
import type { CellResult } from '../model.js';
import { renderHtml } from './html.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chromiumInstalled: Prerequisite = {
  ok: existsSync(CHROMIUM_PATH),
  reason: `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH), so matrix.html cannot be opened`,
};
announceMissing('apps/conformance/src/report/html.chromium.test.ts', [chromiumInstalled]);

const cells: CellResult[] = [
  ...SAMPLE_CELLS,
  cell('undici@5.29.0', 'ws@2.3.1', 'multi-protocol', 'pass'),
  cell('ws@8.23.0', 'ws@2.3.1', 'multi-protocol', 'unexpected-pass', 'declared but passed'),
];
cells[2] = {
  ...SAMPLE_CELLS[2]!,
  requests: [
    {
      url: 'ws://127.0.0.1:1/__attempt/a1/subprotocol',
      request:
        'GET /__attempt/a1/subprotocol HTTP/1.1\r\nHost: 127.0.0.1:1\r\nSec-WebSocket-Protocol: chat\r\nX-Latin: h\xe9llo\r\n\r\n',
    },
  ],
};

describe('matrix.html in Chromium: overview, grid, drill-down', () => {
  test('the overview opens the grid, a grid cell opens its request bytes', {
    timeout: 60_000,
  }, async (context) => {
    requirePrerequisites(context, [chromiumInstalled]);
    const { chromium } = await import('playwright-core');
    const directory = mkdtempSync(join(tmpdir(), 'conformance-drilldown-'));
    const file = join(directory, 'matrix.html');
    writeFileSync(file, renderHtml(sampleMatrix(cells)));
    const browser = await chromium.launchPersistentContext(join(directory, 'profile'), {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1100, height: 800 },
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`file://${file}`);
      // the overview is the first thing on the page, coloured by the worst status of each family
      const overview = page.locator('table.overview');
      expect((await overview.boundingBox())?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(800);
      const worst = overview.locator('td.cell[data-status="fail"]');
      expect(await worst.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
        'rgb(198, 40, 40)',
      );
      expect(await page.locator('section.drill:visible').count()).toBe(0);
      const screenshot = await page.screenshot();
      expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
      mkdirSync(join(appDir, 'reports'), { recursive: true });
      writeFileSync(join(appDir, 'reports', 'overview-screenshot.png'), screenshot);

      await worst.locator('a').click();
      expect(new URL(page.url()).hash).toBe('#subprotocol');
      await page.locator('table.grid[data-scenario="subprotocol"] td.cell[data-status="fail"] a').click();
      expect(new URL(page.url()).hash).toBe('#cell-2');
      const opened = page.locator('section.drill:visible');
      expect(await opened.count()).toBe(1);
      expect(await opened.locator('p.reason').textContent()).toBe('no echo | <script>alert(1)</script>');
      expect(await opened.locator('pre').textContent()).toBe(
        'GET /__attempt/a1/subprotocol HTTP/1.1\nHost: 127.0.0.1:1\nSec-WebSocket-Protocol: chat\nX-Latin: h\\xe9llo',
      );
      // the drill-down is scrolled into view
      const box = await opened.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(800);
      // a pass has a drill-down too; older cells without bytes say so
      await page.goto(`file://${file}#cell-0`);
      expect(await page.locator('section.drill:visible p.meta').textContent()).toBe(
        'Request bytes: not recorded in this matrix.json (its cells have no requests).',
      );
    } finally {
      await browser.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
