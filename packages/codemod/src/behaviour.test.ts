import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { loadFixtures } from './_test/fixtures.js';
import { transformSource } from './transform.js';

const require = createRequire(import.meta.url);
const ws8 = require('ws8') as typeof import('ws');
const ws7 = require('ws7') as typeof import('ws');

interface Server {
  address(): AddressInfo | string | null;
  once(event: 'listening', listener: () => void): void;
  close(): void;
  clients: Set<{ terminate(): void }>;
}

const echo = loadFixtures().find((fixture) => fixture.transform === 'ws8' && fixture.file === 'echo-ws7.cjs');
const servers: Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    server.close();
  }
});

/** Runs CommonJS `code` with `require('ws')` answering `ws`, and returns its `module.exports`. */
function load(code: string, ws: unknown): Server {
  const module = { exports: {} as unknown };
  const run = new Function('require', 'module', 'exports', code) as (
    r: unknown,
    m: unknown,
    e: unknown,
  ) => void;
  run((id: string) => (id === 'ws' ? ws : require(id)), module, module.exports);
  const server = module.exports as Server;
  servers.push(server);
  return server;
}

/** Sends a text 'ping' with a ws 8 client and resolves with the first answer. */
async function ping(server: Server): Promise<{ text: string; isBinary: boolean }> {
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new ws8.WebSocket(`ws://127.0.0.1:${port}/room?x=1`);
  try {
    return await new Promise((resolve, reject) => {
      client.on('open', () => client.send('ping'));
      client.on('message', (data, isBinary) => resolve({ text: data.toString(), isBinary }));
      client.on('error', reject);
    });
  } finally {
    client.close();
  }
}

describe('a ws 7 echo server that answers pong to ping', () => {
  test('answers pong on ws 7 as written (the baseline)', async () => {
    expect(await ping(load(echo?.input ?? '', ws7))).toEqual({ text: 'pong', isBinary: false });
  });

  test('fails on ws 8 before the codemod: the Buffer never equals "ping", so the bytes come back', async () => {
    expect(await ping(load(echo?.input ?? '', ws8))).toEqual({ text: 'ping', isBinary: true });
  });

  test('answers pong on the real ws 8 after the codemod', async () => {
    const { output, changed } = transformSource('ws8', echo?.input ?? '', 'server.cjs');
    expect(changed).toBe(true);
    expect(await ping(load(output, ws8))).toEqual({ text: 'pong', isBinary: false });
  });

  test('still answers pong on ws 7 after the codemod (the rewrite is safe on both majors)', async () => {
    const { output } = transformSource('ws8', echo?.input ?? '', 'server.cjs');
    // ws 7 has no WebSocketServer export name; WebSocket.Server exists on both.
    const ws7WithAlias = Object.assign(Object.create(ws7) as object, {
      WebSocketServer: (ws7 as unknown as { Server: unknown }).Server,
    });
    expect(await ping(load(output, ws7WithAlias))).toEqual({ text: 'pong', isBinary: false });
  });
});
