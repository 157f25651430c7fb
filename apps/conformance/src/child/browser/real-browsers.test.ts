// One real handshake per browser (Firefox, WebKitGTK; Chromium runs in conformance.test.ts): the driver
// launches it, the page runs the built attempt code against a ws 8 server, and the test records what the
// browser sent. Missing browsers fail on CI and are skipped (loudly) elsewhere.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  announceMissing,
  type Prerequisite,
  requirePrerequisites,
} from '@ws-compat/vitest-config/prerequisites';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebSocketServer as WsServer } from 'ws';
import { WebSocketServer } from 'ws8';
import { pageFiles, startBrowserClient } from '../browser-driver.js';
import { browserProblem } from './browsers.js';

const BROWSER_TIMEOUT_MS = 120_000;
const files = pageFiles();
const builtAttempt = files.files['/attempt.mjs'] ?? '';
// a private copy: another suite may be rebuilding dist/ while a browser loads the page
const copies = mkdtempSync(join(tmpdir(), 'real-browsers-'));
const built: Prerequisite = {
  ok: existsSync(builtAttempt),
  reason: `the browser attempt module ${builtAttempt} is not built (pnpm --filter @ws-compat/conformance run build)`,
};
const installed = (selector: string): Prerequisite => {
  const problem = browserProblem(selector);
  return { ok: problem === null, reason: problem ?? `${selector} is installed` };
};
const firefox = installed('firefox');
const webkit = installed('webkit');

let server: WsServer;
let port = 0;
const handshakes = new Map<string, IncomingHttpHeaders>();
beforeAll(async () => {
  announceMissing('apps/conformance/src/child/browser/real-browsers.test.ts', [built, firefox, webkit]);
  if (built.ok) copyFileSync(builtAttempt, join(copies, 'attempt.mjs'));
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

describe.each([
  { selector: 'firefox', prerequisite: firefox, userAgent: 'Firefox/' },
  { selector: 'webkit', prerequisite: webkit, userAgent: 'AppleWebKit/' },
])('$selector through the browser driver', ({ selector, prerequisite, userAgent }) => {
  test(
    'opens with the offered protocol, echoes a message, stays alive, and closes',
    async (context) => {
      requirePrerequisites(context, [built, prerequisite]);
      const client = await startBrowserClient(selector, {
        ...files,
        files: { ...files.files, '/attempt.mjs': join(copies, 'attempt.mjs') },
      });
      try {
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
        await expect(client.alive()).resolves.toBe(true);
      } finally {
        await client.close();
      }
      await expect(client.alive()).resolves.toBe(false);
    },
    BROWSER_TIMEOUT_MS,
  );
});
