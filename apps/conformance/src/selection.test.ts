import { describe, expect, test } from 'vitest';
import { clientAdapters } from './clients/index.js';
import { scenarios } from './scenarios/index.js';
import {
  clientOfGroup,
  type PlannedCell,
  planCells,
  REFERENCE_GROUP,
  referenceGroups,
  runtimeSelector,
  select,
} from './selection.js';
import { serverAdapters } from './servers/index.js';

describe('select', () => {
  test('everything by default', () => {
    const selection = select({});
    expect(selection.clients).toHaveLength(clientAdapters.length);
    // every server, in report order (others add theirs to the registry): the ws majors first
    expect(selection.servers).toEqual(serverAdapters);
    expect(selection.servers.slice(0, 7).map((server) => server.selector)).toEqual([
      'ws@2',
      'ws@3',
      'ws@4',
      'ws@5',
      'ws@6',
      'ws@7',
      'ws@8',
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
      'python-websockets',
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
    const clients = select({ runtimes: ['node@24', 'chromium'] }).clients;
    expect(clients.map((client) => client.selector)).toEqual(
      expect.arrayContaining(['undici@8', 'node-global@24', 'chromium']),
    );
    expect(
      clients.map(runtimeSelector).filter((runtime) => runtime !== 'node@24' && runtime !== 'chromium'),
    ).toEqual([]);
    expect(clients).toEqual(
      clientAdapters.filter((client) => ['node@24', 'chromium'].includes(runtimeSelector(client))),
    );
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
    const handshake = scenarios.filter((scenario) => scenario.reference === undefined);
    const perServer = handshake.filter((scenario) => scenario.perServer).length;
    const single = handshake.length - perServer;
    expect(cells.filter((cell) => cell.halves === undefined)).toHaveLength(
      selection.clients.length * (perServer * 4 + single),
    );
    // the server-independent scenarios run against the newest Node server, even when programs follow it
    const reserved = cells.filter((cell) => cell.scenario === 'reserved-refused');
    expect(new Set(reserved.map((cell) => cell.server))).toEqual(new Set(['ws@8']));
    expect(new Set(cells.map((cell) => `${cell.client}|${cell.server}|${cell.scenario}`)).size).toBe(
      cells.length,
    );
  });

  test.each([
    {
      scenario: 'text-round-trip',
      // each client that runs connection scripts against ws 8, and ws 8 against each server that
      // serves connections (the Python and Go programs too)
      cells: [
        'ws@8|ws@8|client+server',
        'undici@7|ws@8|client',
        'node-global@22|ws@8|client',
        'chromium|ws@8|client',
        'python-websockets|ws@8|client',
        'gorilla|ws@8|client',
        'ws@8|ws@2|server',
        'ws@8|aiohttp|server',
        'ws@8|gorilla|server',
      ],
    },
    {
      scenario: 'hostile-frames',
      cells: [
        'ws@8|ws@8|client',
        'undici@7|ws@8|client',
        'node-global@22|ws@8|client',
        'chromium|ws@8|client',
        'python-websockets|ws@8|client',
        'gorilla|ws@8|client',
      ],
    },
    // a handshake fact read with a raw request: every server, Python and Go too, never N x M
    {
      scenario: 'split-protocol-lines',
      cells: ['ws@8|ws@2|server', 'ws@8|ws@8|server', 'ws@8|aiohttp|server', 'ws@8|gorilla|server'],
    },
  ])('whole-connection scenario $scenario: the reference pairs only', ({ scenario, cells }) => {
    const planned = planCells(select({ quick: true })).filter((cell) => cell.scenario === scenario);
    const halves = (cell: (typeof planned)[number]): string =>
      [cell.halves?.client ? 'client' : '', cell.halves?.server ? 'server' : ''].filter(Boolean).join('+');
    expect(planned.map((cell) => `${cell.client}|${cell.server}|${halves(cell)}`).sort()).toEqual(
      [...cells].sort(),
    );
  });

  test('the reference client and server follow the selection: the newest ws selected', () => {
    const planned = planCells(
      select({ clients: ['ws@2', 'ws@5'], servers: ['ws@3', 'ws@4'], scenarios: ['text-round-trip'] }),
    );
    expect(planned.map((cell) => `${cell.client}|${cell.server}`).sort()).toEqual([
      'ws@2|ws@4',
      'ws@5|ws@3',
      'ws@5|ws@4',
    ]);
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

describe('referenceGroups: the reference client checks servers in a second process', () => {
  const own = { client: 'ws@8', server: 'ws@2', scenario: 'bearer' };
  const serverHalf = {
    client: 'ws@8',
    server: 'aiohttp',
    scenario: 'text-round-trip',
    halves: { client: false, server: true },
  };
  const bothHalves = {
    client: 'ws@8',
    server: 'ws@8',
    scenario: 'text-round-trip',
    halves: { client: true, server: true },
  };
  const clientHalf = {
    client: 'undici@7',
    server: 'ws@8',
    scenario: 'text-round-trip',
    halves: { client: true, server: false },
  };
  test.each([
    [
      'a server half of a client with own cells: the second process',
      [own, serverHalf],
      serverHalf,
      'ws@8#reference',
    ],
    ['its own cells: the first process', [own, serverHalf], own, 'ws@8'],
    ['both halves (the reference pair): the first process', [own, bothHalves], bothHalves, 'ws@8'],
    ['a client half: its own process', [own, clientHalf], clientHalf, 'undici@7'],
    ['only server halves (no own cells): one process', [serverHalf], serverHalf, 'ws@8'],
  ] as [string, PlannedCell[], PlannedCell, string][])('%s', (_name, planned, cell, group) => {
    expect(referenceGroups(planned)(cell)).toBe(group);
    expect(clientOfGroup(group)).toBe(cell.client);
  });

  test('the full plan: the reference client gets a second process, every other client one', () => {
    const planned = planCells(select({}));
    const groups = new Set(planned.map(referenceGroups(planned)));
    expect([...groups].filter((group) => group.endsWith(REFERENCE_GROUP))).toEqual(['ws@8#reference']);
    expect(groups.size).toBe(new Set(planned.map((cell) => cell.client)).size + 1);
  });
});
