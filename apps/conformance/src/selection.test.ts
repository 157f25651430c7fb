import { describe, expect, test } from 'vitest';
import { clientAdapters } from './clients/index.js';
import { scenarios } from './scenarios/index.js';
import { planCells, select } from './selection.js';
import { serverAdapters } from './servers/index.js';

describe('select', () => {
  test('everything by default', () => {
    const selection = select({});
    expect(selection.clients).toHaveLength(clientAdapters.length);
    expect(selection.servers.map((server) => server.selector)).toEqual([
      'ws@2',
      'ws@3',
      'ws@4',
      'ws@5',
      'ws@6',
      'ws@7',
      'ws@8',
      'fastify-websocket',
      'hono',
      'websocket-node',
      'faye-websocket',
      'python-websockets',
      'aiohttp',
      'starlette+websockets',
      'starlette+wsproto',
      'tornado',
      'gorilla',
    ]);
    expect(selection.scenarios).toHaveLength(scenarios.length);
  });

  test('--quick: one client per family of Node and browsers, one Python and the Go client; ws 2 and 8, aiohttp, gorilla', () => {
    const selection = select({ quick: true });
    expect(selection.clients.map((client) => client.family)).toEqual([
      'ws',
      'undici',
      'node-global',
      'chromium',
      'websocket-client',
      'gorilla',
    ]);
    expect(selection.servers.map((server) => server.selector)).toEqual([
      'ws@2',
      'ws@8',
      'aiohttp',
      'gorilla',
    ]);
  });

  test('selectors and families, in report order', () => {
    expect(select({ clients: ['undici@5', 'ws'] }).clients.map((client) => client.selector)).toEqual([
      'ws@2',
      'ws@3',
      'ws@4',
      'ws@5',
      'ws@6',
      'ws@7',
      'ws@8',
      'undici@5',
    ]);
  });

  test('the server-independent scenarios run against ws 8 in the full matrix, the last Node server without ws', () => {
    const serverOf = (servers?: string[]): Set<string> =>
      new Set(
        planCells(select(servers === undefined ? {} : { servers }))
          .filter((cell) => cell.scenario === 'injection-refused')
          .map((cell) => cell.server),
      );
    expect(serverOf()).toEqual(new Set(['ws@8']));
    expect(serverOf(['hono', 'faye-websocket', 'gorilla'])).toEqual(new Set(['faye-websocket']));
    expect(serverOf(['aiohttp', 'gorilla'])).toEqual(new Set(['gorilla']));
  });

  test('--runtimes python / go keep the program clients', () => {
    expect(select({ runtimes: ['go', 'python'] }).clients.map((client) => client.selector)).toEqual([
      'python-websockets',
      'aiohttp',
      'websocket-client',
      'tornado',
      'gorilla',
    ]);
  });

  test('--runtimes keeps the clients of those runtimes', () => {
    expect(select({ runtimes: ['node@24', 'chromium'] }).clients.map((client) => client.selector)).toEqual([
      'undici@8',
      'node-global@24',
      'chromium',
    ]);
  });

  test.each([
    { options: { clients: ['ws@9'] }, message: '--clients: unknown "ws@9"; choose from ws@2, ws' },
    { options: { servers: ['undici@5'] }, message: '--servers: unknown "undici@5"; choose from ws@2, ws' },
    { options: { scenarios: ['nope'] }, message: '--scenarios: unknown "nope"; choose from headers-arrive' },
    { options: { runtimes: ['node@16'] }, message: '--runtimes: unknown node@16; choose from node@20' },
  ])('refuses $options', ({ options, message }) => {
    expect(() => select(options)).toThrow(message);
  });
});

describe('planCells', () => {
  test('per-server scenarios against every server, the others against the newest only', () => {
    const selection = select({ quick: true });
    const cells = planCells(selection);
    const perServer = scenarios.filter((scenario) => scenario.perServer).length;
    const single = scenarios.length - perServer;
    expect(cells).toHaveLength(selection.clients.length * (perServer * 4 + single));
    // the server-independent scenarios run against the newest Node server, even when programs follow it
    const reserved = cells.filter((cell) => cell.scenario === 'reserved-refused');
    expect(new Set(reserved.map((cell) => cell.server))).toEqual(new Set(['ws@8']));
    expect(new Set(cells.map((cell) => `${cell.client}|${cell.server}|${cell.scenario}`)).size).toBe(
      cells.length,
    );
  });

  test('neighbouring cells belong to different clients', () => {
    const cells = planCells(select({}));
    const same = cells.filter((cell, index) => index > 0 && cells[index - 1]!.client === cell.client);
    expect(same).toEqual([]);
  });

  test('every adapter file declares expected failures only for known scenarios', () => {
    const ids = new Set(scenarios.map((scenario) => scenario.id));
    for (const adapter of [...clientAdapters, ...serverAdapters]) {
      for (const declaration of adapter.expectedFailures) expect(ids).toContain(declaration.scenario);
    }
  });
});
