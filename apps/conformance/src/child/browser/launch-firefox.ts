// Firefox through puppeteer-core over WebDriver BiDi: headless, a temporary profile puppeteer makes and
// removes, one page. puppeteer-core never downloads a browser: it runs the Debian binary.
import type { BrowserSpec } from './browsers.js';
import type { LaunchedBrowser } from './launched.js';

/**
 * puppeteer-core's launch options for Firefox: the Debian binary, headless, over WebDriver BiDi (the
 * only protocol puppeteer speaks to Firefox), with the launch and protocol timeouts.
 */
export function firefoxLaunchOptions(spec: BrowserSpec, timeoutMs: number) {
  return {
    browser: 'firefox',
    executablePath: spec.executable,
    headless: true,
    timeout: timeoutMs,
    protocolTimeout: timeoutMs,
  } as const;
}

/** Launches Firefox headless and opens `url` in its first tab. */
export async function launchFirefox(
  url: string,
  spec: BrowserSpec,
  timeoutMs: number,
): Promise<LaunchedBrowser> {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch(firefoxLaunchOptions(spec, timeoutMs));
  let exited: string | null = null;
  browser.on('disconnected', () => {
    exited ??= 'Firefox disconnected';
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    page.on('pageerror', (error) => process.stderr.write(`firefox page error: ${String(error)}\n`));
    await page.goto(url, { timeout: timeoutMs });
    // BiDi reports `firefox/153.8.0`
    const reported = await browser.version();
    return {
      version: reported.slice(reported.indexOf('/') + 1),
      exited: () => exited,
      close: async () => {
        exited ??= 'closed';
        await browser.close().catch(() => {});
      },
    };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}
