import { type ClientAdapter, clientAdapters, quickClientSelectors } from './clients/index.js';
import { type Scenario, scenarios } from './scenarios/index.js';
import {
  isProgramServer,
  quickServerSelectors,
  type ServerAdapter,
  serverAdapters,
} from './servers/index.js';

export interface SelectionOptions {
  clients?: readonly string[] | undefined;
  servers?: readonly string[] | undefined;
  scenarios?: readonly string[] | undefined;
  /** client runtimes, e.g. `node@22`, `chromium` */
  runtimes?: readonly string[] | undefined;
  quick?: boolean;
}

export interface Selection {
  clients: ClientAdapter[];
  servers: ServerAdapter[];
  scenarios: Scenario[];
}

/** A planned cell, keyed by selectors (stable across versions, so shards agree). */
export interface PlannedCell {
  client: string;
  server: string;
  scenario: string;
}

function pick<T>(
  all: readonly T[],
  wanted: readonly string[] | undefined,
  names: (item: T) => string[],
  flag: string,
): T[] {
  if (wanted === undefined || wanted.length === 0) return [...all];
  const unknown = wanted.filter((name) => !all.some((item) => names(item).includes(name)));
  if (unknown.length > 0) {
    const valid = [...new Set(all.flatMap(names))].join(', ');
    throw new TypeError(
      `${flag}: unknown ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${valid}`,
    );
  }
  return all.filter((item) => wanted.some((name) => names(item).includes(name)));
}

export function runtimeSelector(client: ClientAdapter): string {
  if (client.runtime.kind === 'program') return client.runtime.language;
  return client.runtime.kind === 'browser' ? 'chromium' : `node@${client.runtime.major}`;
}

/** Applies --clients/--servers/--scenarios/--runtimes/--quick to the adapter lists. */
export function select(options: SelectionOptions): Selection {
  const clientNames = (client: ClientAdapter): string[] => [client.selector, client.family];
  let clients = pick(clientAdapters, options.clients, clientNames, '--clients');
  let servers = pick(
    serverAdapters,
    options.servers,
    (server) => [server.selector, server.family],
    '--servers',
  );
  if (options.quick) {
    if (options.clients === undefined)
      clients = clients.filter((client) => quickClientSelectors.includes(client.selector));
    if (options.servers === undefined)
      servers = servers.filter((server) => quickServerSelectors.includes(server.selector));
  }
  if (options.runtimes !== undefined && options.runtimes.length > 0) {
    const known = [...new Set(clientAdapters.map(runtimeSelector))];
    const unknown = options.runtimes.filter((runtime) => !known.includes(runtime));
    if (unknown.length > 0)
      throw new TypeError(`--runtimes: unknown ${unknown.join(', ')}; choose from ${known.join(', ')}`);
    clients = clients.filter((client) => options.runtimes!.includes(runtimeSelector(client)));
  }
  const chosen = pick(scenarios, options.scenarios, (scenario) => [scenario.id], '--scenarios');
  return { clients, servers, scenarios: chosen };
}

/**
 * Every cell of a selection: per-server scenarios against every server, the others against the newest
 * ws server only (else the last Node server, else the last one). Ordered so that neighbouring cells belong to different clients (they run concurrently).
 */
export function planCells(selection: Selection): PlannedCell[] {
  const cells: PlannedCell[] = [];
  // the newest ws (ws 8) when selected, else the last Node server, else the last one selected
  const newest =
    selection.servers.filter((server) => server.family === 'ws').at(-1) ??
    selection.servers.filter((server) => !isProgramServer(server)).at(-1) ??
    selection.servers.at(-1);
  for (const scenario of selection.scenarios) {
    const servers = scenario.perServer ? selection.servers : newest === undefined ? [] : [newest];
    for (const server of servers) {
      for (const client of selection.clients) {
        cells.push({ client: client.selector, server: server.selector, scenario: scenario.id });
      }
    }
  }
  return cells;
}
