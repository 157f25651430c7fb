// Chromium through playwright-core (CDP): a persistent context on a fresh profile, one page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserSpec } from './browsers.js';
import type { LaunchedBrowser } from './launched.js';

/** Chromium's flags: headless, no sandbox (CI runs as root), nothing that talks to the network by itself. */
export const CHROMIUM_ARGS: string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

interface PageLike {
  goto(url: string, options: { timeout: number }): Promise<unknown>;
  on(event: string, listener: (value: unknown) => void): void;
}

/** Launches Chromium with a fresh profile and opens `url` in its first page. */
export async function launchChromium(
  url: string,
  spec: BrowserSpec,
  timeoutMs: number,
): Promise<LaunchedBrowser> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'ws-compat-chromium-'));
  let exited: string | null = null;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  const close = async (): Promise<void> => {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: spec.executable,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: timeoutMs,
    });
    context.on('close', () => {
      exited ??= 'Chromium closed';
    });
    const page = (context.pages()[0] ?? (await context.newPage())) as unknown as PageLike;
    page.on('pageerror', (error) => process.stderr.write(`chromium page error: ${String(error)}\n`));
    page.on('crash', () => {
      exited = 'the Chromium page crashed';
    });
    await page.goto(url, { timeout: timeoutMs });
    return { version: context.browser()?.version() ?? 'unknown', exited: () => exited, close };
  } catch (error) {
    await close();
    throw error;
  }
}
