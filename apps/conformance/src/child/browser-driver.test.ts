import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { browserSpec } from './browser/browsers.js';
import { firefoxLaunchOptions } from './browser/launch-firefox.js';
import { CHROMIUM_ARGS, connectionBudgetMs, pageFiles } from './browser-driver.js';
import type { ConnectionSpec } from './protocol.js';

const script: ConnectionSpec = {
  url: 'ws://127.0.0.1:1/',
  protocols: [],
  closeTimeoutMs: 1_000,
  throwingListeners: 0,
  openTimeoutMs: 2_000,
  steps: [],
  settleMs: 100,
};

describe('connectionBudgetMs: how long the page gets for a script', () => {
  test.each([
    { name: 'no steps', steps: [], expected: 2_000 + 100 + 1_000 + 10_000 },
    {
      name: 'every bounded step',
      steps: [
        { op: 'await-messages', count: 1, timeoutMs: 3_000 },
        { op: 'await-close', timeoutMs: 4_000 },
        { op: 'wait', ms: 500 },
      ],
      expected: 13_100 + 3_000 + 4_000 + 500,
    },
    {
      name: 'unbounded steps add nothing',
      steps: [
        { op: 'send', data: { kind: 'text', text: 'x' } },
        { op: 'close', code: 1000 },
        { op: 'binary-type', value: 'blob' },
      ],
      expected: 13_100,
    },
  ] satisfies { name: string; steps: ConnectionSpec['steps']; expected: number }[])(
    '$name: $expected ms',
    ({ steps, expected }) => {
      expect(connectionBudgetMs({ ...script, steps })).toBe(expected);
    },
  );
});

describe('launch arguments', () => {
  test.each(['--headless', '--no-sandbox', '--disable-background-networking', '--disable-quic'])(
    'Chromium runs with %s (headless, as root on CI, nothing that reaches the network by itself)',
    (flag) => {
      expect(CHROMIUM_ARGS).toContain(flag);
    },
  );

  test('Firefox: the Debian binary (or FIREFOX_PATH), headless, over puppeteer-core', () => {
    expect(firefoxLaunchOptions(browserSpec('firefox', { FIREFOX_PATH: '/opt/ff' }), 7_000)).toEqual({
      browser: 'firefox',
      executablePath: '/opt/ff',
      headless: true,
      timeout: 7_000,
      protocolTimeout: 7_000,
    });
  });
});

describe('pageFiles: what the page imports', () => {
  const files = pageFiles();
  test('an import map onto the served dist folders of header-options and @ws-compat/socket', () => {
    expect(files.imports).toEqual({
      '@ws-compat/header-options': '/header-options/index.mjs',
      '@ws-compat/socket': '/socket/index.mjs',
    });
    for (const [prefix, folder] of Object.entries(files.folders)) {
      expect(folder).toMatch(/\/dist$/);
      expect(existsSync(folder.replace(/\/dist$/, '/package.json')), prefix).toBe(true);
    }
  });
  test('the attempt and connection modules come from dist/browser, the app build', () => {
    expect(files.files['/attempt.mjs']).toMatch(/apps\/conformance\/dist\/browser\/attempt\.mjs$/);
    expect(files.files['/connection.mjs']).toMatch(/apps\/conformance\/dist\/browser\/connection\.mjs$/);
  });
});
