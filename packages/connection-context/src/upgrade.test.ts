import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { bearerSubprotocol } from '@ws-compat/header-options';
import { handshakeLines, rawExchange, requestBytes } from '@ws-compat/wire';
import { afterEach, describe, expect, test } from 'vitest';
import { type AttachOptions, contextOf, withConnectionContext } from './attach.js';
import { ConnectionContextError } from './errors.js';
import { createUpgradeHandler, type UpgradeServer } from './upgrade.js';

const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws8') as {
  WebSocketServer: new (
    options: object,
  ) => UpgradeServer & {
    options: Record<string, unknown>;
    on(event: 'connection', listener: (ws: { send(data: string): void }, req: IncomingMessage) => void): void;
    close(): void;
  };
};

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.';
const ORIGIN = 'https://app.example';
let running: { server: Server; close(): void } | null = null;

afterEach(() => {
  running?.close();
  running = null;
});

async function serve(options: AttachOptions, serverOptions: Record<string, unknown> = {}) {
  const wss = new WebSocketServer({ noServer: true, ...serverOptions });
  const server = createServer();
  const handler = createUpgradeHandler(wss, options);
  server.on('upgrade', handler);
  wss.on('connection', (ws, req) => {
    const context = contextOf(ws, req);
    ws.send(JSON.stringify({ same: contextOf(ws) === context, auth: context?.auth ?? null }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  running = {
    server,
    close: () => {
      wss.close();
      server.closeAllConnections();
      server.close();
    },
  };
  return { wss, port: (server.address() as { port: number }).port };
}

function lines(extra: string[]): string[] {
  const headers = extra.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return handshakeLines({ target: '/room', host: 'ws.example', headers });
}

describe('createUpgradeHandler: the checks without ws verifyClient', () => {
  test('installs no verifyClient: an admitted request goes straight to handleUpgrade, context ready', async () => {
    const { wss, port } = await serve({ requireAuth: true });
    expect(wss.options['verifyClient']).toBeFalsy();
    const response = await rawExchange({
      port,
      request: requestBytes(lines([`Authorization: Bearer ${TOKEN}`])),
    });
    expect(response.status).toBe(101);
    expect(JSON.parse(response.message ?? 'null')).toEqual({
      same: true,
      auth: { scheme: 'Bearer', token: TOKEN, source: 'header' },
    });
  });

  test.each<[string, AttachOptions, string[], number, string]>([
    ['authenticate says no', { authenticate: () => false }, [], 401, 'UNAUTHORIZED'],
    ['authenticate resolves false', { authenticate: async () => false }, [], 401, 'UNAUTHORIZED'],
    [
      'authenticate throws',
      {
        authenticate: () => {
          throw new Error('db down');
        },
      },
      [],
      500,
      'Internal Server Error',
    ],
    [
      'authenticate rejects',
      { authenticate: () => Promise.reject(new Error('db down')) },
      [],
      500,
      'Internal Server Error',
    ],
    [
      'origin not allowed',
      { allowOrigins: [ORIGIN] },
      ['Origin: https://evil.example'],
      403,
      'ORIGIN_NOT_ALLOWED',
    ],
    ['no token', { requireAuth: true }, [], 401, 'UNAUTHORIZED'],
    ['duplicated Host', {}, ['Host: other.example'], 400, 'DUPLICATE_HEADER'],
  ])('refuses: %s (%i %s), onReject sees the error', async (_name, options, extra, status, body) => {
    const rejected: unknown[] = [];
    const { port } = await serve({ ...options, onReject: (error) => rejected.push(error) });
    const response = await rawExchange({ port, request: requestBytes(lines(extra)) });
    expect(response.status).toBe(status);
    expect(response.body).toBe(body);
    const header = response.headers.find(([name]) => name.toLowerCase() === 'x-ws-compat-error');
    expect(header).toEqual(status === 500 ? undefined : ['X-WS-Compat-Error', body]);
    const challenges = response.headers.filter(([name]) => name.toLowerCase() === 'www-authenticate');
    expect(challenges).toEqual(status === 401 ? [['WWW-Authenticate', 'Bearer']] : []);
    expect(rejected).toHaveLength(1);
  });

  test("the server's own handleProtocols is wrapped: it never sees the token, and it is wrapped once", async () => {
    const seen: string[][] = [];
    const handleProtocols = (offered: Set<string>) => {
      seen.push([...offered]);
      return offered.has('chat') ? 'chat' : false;
    };
    const { wss, port } = await serve({}, { handleProtocols });
    // A second handler on the same server replaces ours instead of wrapping it.
    createUpgradeHandler(wss, {});
    const token = bearerSubprotocol.encode(TOKEN);
    const response = await rawExchange({
      port,
      request: requestBytes(lines([`Sec-WebSocket-Protocol: ${token}, chat`])),
    });
    expect(response.status).toBe(101);
    expect(response.headers).toContainEqual(['Sec-WebSocket-Protocol', 'chat']);
    expect(seen).toEqual([['chat']]);
  });

  test('without a handleProtocols, the token subprotocol is never chosen (ws alone would pick the first offer)', async () => {
    const { port } = await serve({});
    const token = bearerSubprotocol.encode(TOKEN);
    const response = await rawExchange({
      port,
      request: requestBytes(lines([`Sec-WebSocket-Protocol: ${token}`])),
    });
    expect(response.status).toBe(101);
    expect(response.head).not.toContain(token);
  });

  test('a verifyClient passed to the server still runs, after the checks', async () => {
    const { port } = await serve({}, { verifyClient: () => false });
    const response = await rawExchange({ port, request: requestBytes(lines([])) });
    expect(response.status).toBe(401);
  });
});

describe('createUpgradeHandler: refused setups', () => {
  test.each<[string, unknown, string]>([
    ['not a server', {}, 'wss must be a ws WebSocketServer created with { noServer: true }; got an object'],
    ['null', null, 'wss must be a ws WebSocketServer created with { noServer: true }; got null'],
    [
      'a server created with withConnectionContext',
      new WebSocketServer(withConnectionContext({ noServer: true }, {})),
      'wss was created with withConnectionContext(): createUpgradeHandler() makes the same checks itself, so every context would be built twice; create the server with { noServer: true } alone',
    ],
  ])('%s', (_name, wss, message) => {
    let caught: unknown;
    try {
      createUpgradeHandler(wss as UpgradeServer);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectionContextError);
    expect(caught).toMatchObject({ code: 'INVALID_OPTION', status: 500, message });
  });
});
