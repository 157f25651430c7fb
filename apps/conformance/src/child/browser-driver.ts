// Drives the browser clients (Chromium, Firefox, WebKitGTK) the same way: a loopback page imports the
// built ESM of header-options and @ws-compat/socket (an import map) and the shared attempt code, and runs
// every call the driver sends it over page-server.ts's long poll. Only the launch differs per browser.
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserName, browserSpec } from './browser/browsers.js';
import { launchChromium } from './browser/launch-chromium.js';
import { launchFirefox } from './browser/launch-firefox.js';
import { launchWebKit } from './browser/launch-webkit.js';
import type { Launcher } from './browser/launched.js';
import { type PageFiles, startPageServer } from './browser/page-server.js';
import type { AttemptOutcome, AttemptSpec, ConnectionOutcome, ConnectionSpec } from './protocol.js';

export { browserEngine, browserProblem, browserSpec } from './browser/browsers.js';
export { CHROMIUM_ARGS } from './browser/launch-chromium.js';

/** The Debian package's binary unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = browserSpec('chromium').executable;

/** launching the browser and loading the page, together: below the runner's 60 s wait for a child */
const START_BUDGET_MS = 50_000;
/** an attempt's own timeout plus this is how long the page gets to answer it */
const ANSWER_MARGIN_MS = 10_000;
/** below the runner's 3 s wait for a pong */
const PING_TIMEOUT_MS = 2_500;

const LAUNCHERS: Readonly<Record<BrowserName, Launcher>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
};

/** A browser showing the client page, ready for attempts and connection scripts. */
export interface BrowserClient {
  /** the browser's version, e.g. `153.8.0` */
  version: string;
  /** the browser and its version as the reports name the runtime, e.g. `firefox@153.8.0` */
  runtime: string;
  attempt(spec: AttemptSpec): Promise<AttemptOutcome>;
  /** runs a whole-connection script through @ws-compat/socket's wrapSocket around the browser's WebSocket */
  connection(spec: ConnectionSpec): Promise<ConnectionOutcome>;
  /** whether the browser is there and its page still answers */
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

/** What the page imports: the built attempt module, header-options' and @ws-compat/socket's dist. */
export function pageFiles(): PageFiles {
  const require = createRequire(import.meta.url);
  const distOf = (name: string): string => join(dirname(require.resolve(`${name}/package.json`)), 'dist');
  // dist/ holds the built attempt module, also when this file runs from src/child (tests)
  const here = dirname(fileURLToPath(import.meta.url));
  const dist = basename(here) === 'child' ? join(here, '..', '..', 'dist') : here;
  return {
    folders: {
      '/header-options/': distOf('@ws-compat/header-options'),
      '/socket/': distOf('@ws-compat/socket'),
    },
    files: {
      '/attempt.mjs': join(dist, 'browser', 'attempt.mjs'),
      '/connection.mjs': join(dist, 'browser', 'connection.mjs'),
    },
    imports: {
      '@ws-compat/header-options': '/header-options/index.mjs',
      '@ws-compat/socket': '/socket/index.mjs',
    },
  };
}

/**
 * Launches the browser of a client selector (`chromium`, `firefox`, `webkit`; the client child's
 * argument by default) with a fresh profile and opens the client page in it (`files`: what the page
 * imports, the built modules by default).
 * @throws Error when the browser does not start or the page does not load within 50 s.
 */
export async function startBrowserClient(
  selector: string = process.argv[2] ?? 'chromium',
  files: PageFiles = pageFiles(),
): Promise<BrowserClient> {
  const spec = browserSpec(selector);
  const server = await startPageServer(files);
  let browser: Awaited<ReturnType<Launcher>> | null = null;
  const close = async (): Promise<void> => {
    await server.close();
    await browser?.close();
  };
  try {
    const deadline = Date.now() + START_BUDGET_MS;
    browser = await LAUNCHERS[spec.name](server.url, spec, START_BUDGET_MS);
    await server.ready(Math.max(1_000, deadline - Date.now()));
    const launched = browser;
    return {
      version: launched.version,
      runtime: `${spec.name}@${launched.version}`,
      attempt: (attempt) =>
        server.call<AttemptOutcome>({ type: 'attempt', spec: attempt }, attempt.timeoutMs + ANSWER_MARGIN_MS),
      connection: (script) =>
        server.call<ConnectionOutcome>({ type: 'connection', spec: script }, connectionBudgetMs(script)),
      alive: async () =>
        launched.exited() === null &&
        (await server.call<string>({ type: 'ping', spec: null }, PING_TIMEOUT_MS).catch(() => '')) === 'pong',
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The longest a connection script can take by its own bounds, plus the answer margin. */
export function connectionBudgetMs(script: ConnectionSpec): number {
  let total = script.openTimeoutMs + script.settleMs + script.closeTimeoutMs + ANSWER_MARGIN_MS;
  for (const step of script.steps) {
    if (step.op === 'await-messages' || step.op === 'await-close') total += step.timeoutMs;
    else if (step.op === 'wait') total += step.ms;
  }
  return total;
}
