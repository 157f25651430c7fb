// WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver classic), drawing into its own Xvfb.
// The driver is only used to open the page; the page then talks to the driver process like every other
// browser (page-server.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { closedPort } from '@ws-compat/wire';
import { type BrowserSpec, miniBrowserPath, xvfbPath } from './browsers.js';
import type { LaunchedBrowser } from './launched.js';
import { waitForDriver, webdriverCommand, webkitCapabilities } from './webdriver.js';
import { startXvfb } from './xvfb.js';

/** Starts Xvfb, WebKitWebDriver on a free port and a MiniBrowser session, and opens `url`. */
export async function launchWebKit(
  url: string,
  spec: BrowserSpec,
  timeoutMs: number,
): Promise<LaunchedBrowser> {
  // one deadline for every step: a stuck driver must not add its own full timeout to the others'
  const deadline = Date.now() + timeoutMs;
  const left = (): number => Math.max(1_000, deadline - Date.now());
  const x = await startXvfb(xvfbPath(), timeoutMs);
  let driver: ChildProcess | null = null;
  let exited: string | null = null;
  let session: string | null = null;
  const port = await closedPort();
  const base = `http://127.0.0.1:${port}`;
  const stopDriver = (): void => {
    if (driver !== null && driver.exitCode === null && driver.signalCode === null) driver.kill('SIGTERM');
  };
  process.once('exit', stopDriver);
  const close = async (): Promise<void> => {
    exited ??= 'closed';
    if (session !== null)
      await webdriverCommand(base, 'DELETE', `/session/${session}`, undefined, 5_000).catch(() => {});
    stopDriver();
    x.stop();
  };
  try {
    driver = spawn(spec.executable, [`--port=${port}`, '--host=127.0.0.1'], {
      stdio: 'ignore',
      env: { ...process.env, DISPLAY: x.display },
    });
    driver.once('exit', (code, signal) => {
      exited ??= `WebKitWebDriver exited (${signal ?? code})`;
    });
    await waitForDriver(base, left());
    const created = (await webdriverCommand(
      base,
      'POST',
      '/session',
      webkitCapabilities(miniBrowserPath()),
      left(),
    )) as { sessionId: string; capabilities?: { browserVersion?: string } };
    session = created.sessionId;
    await webdriverCommand(base, 'POST', `/session/${session}/url`, { url }, left());
    return { version: created.capabilities?.browserVersion ?? 'unknown', exited: () => exited, close };
  } catch (error) {
    await close();
    throw error;
  }
}
