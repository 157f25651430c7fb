// Each browser for real, launched once: the page runs the built attempt code against a ws 8 server (the
// test records what the browser sent), then a connection script through @ws-compat/socket's built ESM.
// A missing browser or build fails the tests that need it on CI and skips them (loudly) elsewhere.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  announceMissing,
  type Prerequisite,
  requirePrerequisites,
} from '@ws-compat/vitest-config/prerequisites';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebSocketServer as WsServer } from 'ws';
import { WebSocketServer } from 'ws8';
import { type BrowserClient, pageFiles, startBrowserClient } from '../browser-driver.js';
import { contentDigest } from '../digest.js';
import { browserProblem } from './browsers.js';

const BROWSER_TIMEOUT_MS = 120_000;
const files = pageFiles();
const builtModules = ['/attempt.mjs', '/connection.mjs'].map((path) => files.files[path] ?? path);
// a private copy: another suite may be rebuilding dist/ while a browser loads the page
const copies = mkdtempSync(join(tmpdir(), 'real-browsers-'));
const builtModule = (path: string): Prerequisite => ({
  ok: existsSync(path),
  reason: `the browser module ${path} is not built (pnpm --filter @ws-compat/conformance run build)`,
});
const [attemptBuilt, connectionBuilt] = builtModules.map(builtModule) as [Prerequisite, Prerequisite];
const installed = (selector: string): Prerequisite => {
  const problem = browserProblem(selector);
  return { ok: problem === null, reason: problem ?? `${selector} is installed` };
};
const chromium = installed('chromium');
const firefox = installed('firefox');
const webkit = installed('webkit');

let server: WsServer;
let port = 0;
const handshakes = new Map<string, IncomingHttpHeaders>();
beforeAll(async () => {
  announceMissing('apps/conformance/src/child/browser/real-browsers.test.ts', [
    attemptBuilt,
    connectionBuilt,
    chromium,
    firefox,
    webkit,
  ]);
  for (const path of builtModules) if (existsSync(path)) copyFileSync(path, join(copies, basename(path)));
  server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered: Set<string>) => (offered.has('chat') ? 'chat' : false),
  });
  server.on('connection', (socket, request) => {
    handshakes.set(request.url ?? '', request.headers);
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
afterAll(() => {
  server.close();
  rmSync(copies, { recursive: true, force: true });
});

const TEXT = 'héllo wörld ✓';
const BYTES = Uint8Array.of(0, 1, 2, 254, 255);

describe.each([
  { selector: 'chromium', prerequisite: chromium, userAgent: 'HeadlessChrome/' },
  { selector: 'firefox', prerequisite: firefox, userAgent: 'Firefox/' },
  { selector: 'webkit', prerequisite: webkit, userAgent: 'AppleWebKit/' },
])('$selector through the browser driver', ({ selector, prerequisite, userAgent }) => {
  // one launch for the three tests, as in the matrix
  let client: BrowserClient | null = null;
  beforeAll(async () => {
    if (!prerequisite.ok || !attemptBuilt.ok) return; // each test says why
    client = await startBrowserClient(selector, {
      ...files,
      files: {
        ...files.files,
        '/attempt.mjs': join(copies, 'attempt.mjs'),
        '/connection.mjs': join(copies, 'connection.mjs'),
      },
    });
  }, BROWSER_TIMEOUT_MS);
  afterAll(async () => {
    await client?.close();
  });

  test(
    'a handshake through the built attempt code: what the browser sent',
    async (context) => {
      requirePrerequisites(context, [attemptBuilt, prerequisite]);
      if (client === null) throw new Error(`${selector} did not start`);
      expect(client.runtime).toMatch(new RegExp(`^${selector}@\\d+\\.\\d+`));
      const outcome = await client.attempt({
        url: `ws://127.0.0.1:${port}/${selector}`,
        options: { protocols: ['chat', 'second'] },
        timeoutMs: 10_000,
        exchange: true,
      });
      expect(outcome).toMatchObject({ opened: true, protocol: 'chat', echoed: true, error: null });
      const sent = handshakes.get(`/${selector}`);
      // measured, not copied from Chromium: what this browser put on the wire
      console.log(`${client.runtime} sent`, JSON.stringify(sent));
      expect(sent?.['sec-websocket-protocol']).toBe('chat, second');
      expect(sent?.['origin']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sent?.['user-agent']).toContain(userAgent);
      expect(sent?.['sec-websocket-extensions']).toMatch(/^permessage-deflate/);
    },
    BROWSER_TIMEOUT_MS,
  );

  test(
    'a connection script through @ws-compat/socket in the page',
    async (context) => {
      requirePrerequisites(context, [attemptBuilt, connectionBuilt, prerequisite]);
      if (client === null) throw new Error(`${selector} did not start`);
      const connection = await client.connection({
        url: `ws://127.0.0.1:${port}/${selector}-connection`,
        protocols: ['chat'],
        binaryType: 'arraybuffer',
        closeTimeoutMs: 5_000,
        throwingListeners: 1,
        openTimeoutMs: 10_000,
        steps: [
          { op: 'send', data: { kind: 'text', text: TEXT } },
          {
            op: 'send',
            data: { kind: 'binary', base64: Buffer.from(BYTES).toString('base64'), view: 'uint8array' },
          },
          { op: 'await-messages', count: 2, timeoutMs: 10_000 },
          { op: 'close', code: 4000, reason: 'bye' },
          { op: 'await-close', timeoutMs: 10_000 },
        ],
        settleMs: 100,
      });
      expect(connection.setupError).toBeNull();
      expect(connection.timedOut).toBeNull();
      const seen = connection.events.filter(
        (event) => event.type !== 'step' && event.type !== 'listener-error',
      );
      expect(seen).toMatchObject([
        { type: 'open', protocol: 'chat' },
        {
          type: 'message',
          kind: 'text',
          size: Buffer.byteLength(TEXT),
          digest: contentDigest(Buffer.from(TEXT)),
        },
        { type: 'message', kind: 'arraybuffer', size: BYTES.length, digest: contentDigest(BYTES) },
        { type: 'close', code: 4000, reason: 'bye', wasClean: true },
      ]);
      // the throwing listener threw for each message, and nothing else was lost
      expect(connection.events.filter((event) => event.type === 'listener-error')).toHaveLength(2);
      expect(connection.finalReadyState).toBe(3);
    },
    BROWSER_TIMEOUT_MS,
  );

  test(
    'alive while open, not after close',
    async (context) => {
      requirePrerequisites(context, [attemptBuilt, prerequisite]);
      if (client === null) throw new Error(`${selector} did not start`);
      const open = client;
      await expect(open.alive()).resolves.toBe(true);
      client = null;
      await open.close();
      await expect(open.alive()).resolves.toBe(false);
    },
    BROWSER_TIMEOUT_MS,
  );
});
