import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitForDriver, webdriverCommand, webkitCapabilities } from './webdriver.js';

/** A fake WebDriver: each path answers with a fixed status and body (or never). */
const answers: Record<string, { status: number; body: string } | 'hang'> = {
  '/status': { status: 200, body: '{"value":{"ready":true}}' },
  '/session': {
    status: 200,
    body: '{"value":{"sessionId":"s1","capabilities":{"browserVersion":"2.50.6"}}}',
  },
  '/bad': {
    status: 500,
    body: '{"value":{"error":"session not created","message":"Failed to match capabilities"}}',
  },
  '/html': { status: 502, body: '<html>proxy error</html>' },
  '/hang': 'hang',
};
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[req.url ?? ''];
    if (answer === 'hang') return;
    if (answer === undefined) res.writeHead(404).end('{"value":{"error":"unknown command","message":""}}');
    else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('webdriverCommand', () => {
  test('returns the value', async () => {
    await expect(
      webdriverCommand(base, 'POST', '/session', webkitCapabilities('/mb'), 2_000),
    ).resolves.toEqual({
      sessionId: 's1',
      capabilities: { browserVersion: '2.50.6' },
    });
  });

  test.each([
    {
      path: '/bad',
      message: 'WebDriver POST /bad: session not created: Failed to match capabilities',
    },
    { path: '/html', message: 'WebDriver POST /html: HTTP 502, not JSON: <html>proxy error</html>' },
    { path: '/hang', message: 'WebDriver POST /hang: no answer within 200 ms' },
  ])('$path fails with "$message"', async ({ path, message }) => {
    await expect(webdriverCommand(base, 'POST', path, {}, 200)).rejects.toThrow(message);
  });

  test('a driver that is not there', async () => {
    await expect(webdriverCommand('http://127.0.0.1:1', 'GET', '/status', undefined, 1_000)).rejects.toThrow(
      /^WebDriver GET \/status: TypeError: fetch failed/,
    );
  });
});

describe('waitForDriver', () => {
  test('resolves once /status answers', async () => {
    await expect(waitForDriver(base, 2_000)).resolves.toBeUndefined();
  });
  test('names the driver and the last problem when it never answers', async () => {
    await expect(waitForDriver('http://127.0.0.1:1', 300)).rejects.toThrow(
      'the WebDriver at http://127.0.0.1:1 was not ready within 300 ms (WebDriver GET /status: TypeError: fetch failed)',
    );
  });
});

test('webkitCapabilities asks WebKitWebDriver for MiniBrowser in automation mode', () => {
  expect(webkitCapabilities('/usr/lib/mb')).toEqual({
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: '/usr/lib/mb', args: ['--automation'] },
      },
    },
  });
});
