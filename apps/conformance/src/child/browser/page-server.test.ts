import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type PageFiles, type PageServer, resolvePagePath, startPageServer } from './page-server.js';

const root = mkdtempSync(join(tmpdir(), 'page-server-'));
writeFileSync(join(root, 'index.mjs'), 'export const x = 1;');
writeFileSync(join(root, 'attempt.mjs'), 'export {};');
const files: PageFiles = {
  folders: { '/header-options/': root },
  files: { '/attempt.mjs': join(root, 'attempt.mjs') },
  imports: { '@ws-compat/header-options': '/header-options/index.mjs' },
};

describe('resolvePagePath', () => {
  test.each([
    { path: '/attempt.mjs', expected: join(root, 'attempt.mjs') },
    { path: '/header-options/index.mjs', expected: join(root, 'index.mjs') },
    { path: '/header-options/../attempt.mjs', expected: null },
    { path: '/header-options/../../etc/passwd', expected: null },
    { path: '/header-options/%2e%2e/%2e%2e/etc/passwd', expected: null },
    { path: '/header-options/', expected: null },
    { path: '/nothing.mjs', expected: null },
  ])('$path -> $expected', ({ path, expected }) => {
    expect(resolvePagePath(files, path)).toBe(expected);
  });
});

/** A stand-in for the browser page: the same long poll and answers, in Node. */
function fakePage(
  url: string,
  handle: (call: { type: string; spec: unknown }) => Promise<unknown>,
): { stopped: Promise<number> } {
  const stopped = (async () => {
    for (;;) {
      const response = await fetch(`${url}next`);
      if (response.status !== 200) return response.status;
      const calls = (await response.json()) as { id: number; type: string; spec: unknown }[];
      for (const call of calls) {
        handle(call).then(
          (value) => fetch(`${url}answer?id=${call.id}`, { method: 'POST', body: JSON.stringify({ value }) }),
          (error: Error) =>
            fetch(`${url}answer?id=${call.id}`, {
              method: 'POST',
              body: JSON.stringify({ error: error.message }),
            }),
        );
      }
    }
  })();
  return { stopped };
}

let server: PageServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('startPageServer', () => {
  test('serves the page with its import map, the listed files, and 404 for the rest', async () => {
    server = await startPageServer(files);
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain(
      '<script type="importmap">{"imports":{"@ws-compat/header-options":"/header-options/index.mjs"}}</script>',
    );
    const module = await fetch(`${server.url}header-options/index.mjs`);
    expect(module.headers.get('content-type')).toBe('text/javascript');
    expect(await module.text()).toBe('export const x = 1;');
    expect((await fetch(`${server.url}header-options/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.url}secret.txt`)).status).toBe(404);
  });

  test('runs calls in the page concurrently and returns each answer to its caller', async () => {
    server = await startPageServer(files);
    fakePage(server.url, async (call) => {
      const spec = call.spec as { wait: number; value: string };
      await new Promise((resolve) => setTimeout(resolve, spec.wait));
      return `${call.type}:${spec.value}`;
    });
    await server.ready(5_000);
    const arrived: string[] = [];
    const call = (type: 'attempt' | 'ping' | 'connection', wait: number, value: string) =>
      server!.call<string>({ type, spec: { wait, value } }, 5_000).then((answer) => {
        arrived.push(answer);
        return answer;
      });
    const answers = await Promise.all([
      call('attempt', 400, 'slow'),
      call('ping', 0, 'fast'),
      call('connection', 400, 'slow too'),
    ]);
    expect(answers).toEqual(['attempt:slow', 'ping:fast', 'connection:slow too']);
    // concurrent: the fast call does not wait behind the slow one sent before it
    expect(arrived[0]).toBe('ping:fast');
  });

  test('rejects with what the page threw', async () => {
    server = await startPageServer(files);
    fakePage(server.url, () => Promise.reject(new Error('TypeError: boom')));
    await expect(server.call({ type: 'attempt', spec: null }, 5_000)).rejects.toThrow(
      'in the page: TypeError: boom',
    );
  });

  test('rejects a call the page never answers after its timeout', async () => {
    server = await startPageServer(files);
    fakePage(server.url, () => new Promise(() => {}));
    await expect(server.call({ type: 'ping', spec: null }, 200)).rejects.toThrow(
      'the page did not answer ping call 1 within 200 ms',
    );
  });

  test('ready() rejects when no page loads in time', async () => {
    server = await startPageServer(files);
    await expect(server.ready(100)).rejects.toThrow('the page did not load within 100 ms');
  });

  test('close() rejects the calls in flight and tells the page to stop (410)', async () => {
    server = await startPageServer(files);
    const page = fakePage(server.url, () => new Promise(() => {}));
    await server.ready(5_000);
    const pending = server.call({ type: 'attempt', spec: null }, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    await expect(pending).rejects.toThrow('the page server closed before call 1 was answered');
    await closing;
    await expect(page.stopped).resolves.toBe(410);
    await expect(server.call({ type: 'ping', spec: null }, 100)).rejects.toThrow('the page server is closed');
    server = null;
  });
});
