// Drives Chromium for the browser client: a loopback page that imports the built ESM of header-options
// (through an import map) and the shared attempt code, and runs each attempt in the page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttemptOutcome, AttemptSpec } from './protocol.js';

/** The Debian package's binary unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const LAUNCH_TIMEOUT_MS = 30_000;

interface PageLike {
  goto(url: string, options: { timeout: number }): Promise<unknown>;
  waitForFunction(expression: string, arg: undefined, options: { timeout: number }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  on(event: string, listener: (value: unknown) => void): void;
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>ws-compat conformance client</title>
<script type="importmap">{ "imports": { "@ws-compat/header-options": "/header-options/index.mjs" } }</script>
<script type="module">
  import { WarningLog, captureConsoleWarnings, performAttempt } from '/attempt.mjs';
  const log = new WarningLog();
  captureConsoleWarnings(log);
  window.__attempt = (spec) => performAttempt(WebSocket, spec, log);
  window.__ready = true;
</script>`;

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

/** Serves the page, the attempt module and header-options' dist on 127.0.0.1. */
async function startPageServer(): Promise<Server> {
  const require = createRequire(import.meta.url);
  const headerOptionsDist = dirname(require.resolve('@ws-compat/header-options'));
  const attemptModule = join(dirname(fileURLToPath(import.meta.url)), 'browser', 'attempt.mjs');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const serve = async (): Promise<void> => {
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE);
        return;
      }
      let file: string | null = null;
      if (path === '/attempt.mjs') file = attemptModule;
      else if (path.startsWith('/header-options/')) {
        const candidate = normalize(join(headerOptionsDist, path.slice('/header-options/'.length)));
        if (candidate.startsWith(headerOptionsDist + sep)) file = candidate;
      }
      const type = file === null ? undefined : CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
      if (file === null || type === undefined) {
        res.writeHead(404).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    serve().catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

export interface BrowserClient {
  version: string;
  attempt(spec: AttemptSpec): Promise<AttemptOutcome>;
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile and opens the client page. */
export async function startBrowserClient(): Promise<BrowserClient> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'ws-compat-chromium-'));
  const server = await startPageServer();
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  const close = async (): Promise<void> => {
    await context?.close().catch(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
    });
    const page = (context.pages()[0] ?? (await context.newPage())) as unknown as PageLike;
    page.on('pageerror', (error) => process.stderr.write(`page error: ${String(error)}\n`));
    await page.goto(`http://127.0.0.1:${port}/`, { timeout: LAUNCH_TIMEOUT_MS });
    await page.waitForFunction('window.__ready === true', undefined, { timeout: LAUNCH_TIMEOUT_MS });
    const version = context.browser()?.version() ?? 'unknown';
    return {
      version,
      attempt: (spec) =>
        page.evaluate(
          (given: AttemptSpec) =>
            (window as unknown as { __attempt(spec: AttemptSpec): Promise<AttemptOutcome> }).__attempt(given),
          spec,
        ),
      alive: async () => (await page.evaluate(() => 1, undefined).catch(() => 0)) === 1,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
