import { runsConnections } from './clients/_types.js';
import { type ClientAdapter, clientAdapters, quickClientSelectors } from './clients/index.js';
import { type Scenario, scenarios } from './scenarios/index.js';
import {
  isProgramServer,
  quickServerSelectors,
  type ServerAdapter,
  serverAdapters,
  servesConnections,
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
  /** whole-connection scenarios: which side the cell judges (absent: both) */
  halves?: { client: boolean; server: boolean };
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
  return client.runtime.kind === 'browser' ? client.selector : `node@${client.runtime.major}`;
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
 * ws server only (else the last Node server, else the last one); whole-connection scenarios pair each
 * client with the reference server and each server with the reference client (ws 8), never N x M. Ordered so that neighbouring cells belong to different clients (they run concurrently).
 */
export function planCells(selection: Selection): PlannedCell[] {
  const cells: PlannedCell[] = [];
  // the newest ws (ws 8) when selected, else the last Node server, else the last one selected
  const newest =
    selection.servers.filter((server) => server.family === 'ws').at(-1) ??
    selection.servers.filter((server) => !isProgramServer(server)).at(-1) ??
    selection.servers.at(-1);
  // whole-connection scenarios: the reference server (the newest ws, its sockets wrapped) and client
  const referenceServer =
    selection.servers.filter((server) => server.family === 'ws').at(-1) ??
    selection.servers.filter(servesConnections).at(-1);
  const referenceClient =
    selection.clients.find((client) => client.selector === 'ws@8') ??
    selection.clients.filter((client) => client.family === 'ws').at(-1) ??
    selection.clients.filter(runsConnections).at(-1);
  const connectionCells: PlannedCell[] = [];
  for (const scenario of selection.scenarios) {
    if (scenario.reference !== undefined) {
      const pairs: PlannedCell[] = [];
      const add = (client: ClientAdapter, server: ServerAdapter, side: 'client' | 'server'): void => {
        const known = pairs.find(
          (cell) => cell.client === client.selector && cell.server === server.selector,
        );
        if (known?.halves !== undefined) known.halves[side] = true;
        else
          pairs.push({
            client: client.selector,
            server: server.selector,
            scenario: scenario.id,
            halves: { client: side === 'client', server: side === 'server' },
          });
      };
      if (scenario.reference.includes('clients') && referenceServer !== undefined) {
        for (const client of selection.clients.filter(runsConnections))
          add(client, referenceServer, 'client');
      }
      const servers = scenario.reference.includes('every-server')
        ? selection.servers
        : scenario.reference.includes('servers')
          ? selection.servers.filter(servesConnections)
          : [];
      if (referenceClient !== undefined) {
        for (const server of servers) add(referenceClient, server, 'server');
      }
      connectionCells.push(...pairs);
      continue;
    }
    const servers = scenario.perServer ? selection.servers : newest === undefined ? [] : [newest];
    for (const server of servers) {
      for (const client of selection.clients) {
        cells.push({ client: client.selector, server: server.selector, scenario: scenario.id });
      }
    }
  }
  // the reference client has a cell for every server: spread them among the other clients' cells
  cells.push(...spreadClients(connectionCells, cells.at(-1)?.client ?? null));
  return cells;
}

/** The suffix of the reference client's second process (see {@link referenceGroups}). */
export const REFERENCE_GROUP = '#reference';

/**
 * Which client process runs each cell: the reference client's cells that judge only the server (a
 * whole-connection scenario's server half) go to a second process of the same client when that client
 * also has cells of its own, so its own chain of cells and the servers' checks run side by side.
 *
 * @param planned the cells of the run
 * @returns the process key of a cell: the client's selector, or it with {@link REFERENCE_GROUP}
 */
export function referenceGroups(planned: readonly PlannedCell[]): (cell: PlannedCell) => string {
  const serverOnly = (cell: PlannedCell): boolean => cell.halves !== undefined && !cell.halves.client;
  const ownCells = new Set(planned.filter((cell) => !serverOnly(cell)).map((cell) => cell.client));
  return (cell) =>
    serverOnly(cell) && ownCells.has(cell.client) ? `${cell.client}${REFERENCE_GROUP}` : cell.client;
}

/** The client selector of a process key from {@link referenceGroups}. */
export function clientOfGroup(key: string): string {
  return key.endsWith(REFERENCE_GROUP) ? key.slice(0, -REFERENCE_GROUP.length) : key;
}

/**
 * Orders cells so that neighbours belong to different clients where possible (they run concurrently),
 * keeping each client's own order: next is always the client with the most cells left that did not
 * have the previous one.
 */
function spreadClients(cells: readonly PlannedCell[], previous: string | null): PlannedCell[] {
  const queues = new Map<string, PlannedCell[]>();
  for (const cell of cells) {
    const queue = queues.get(cell.client);
    if (queue === undefined) queues.set(cell.client, [cell]);
    else queue.push(cell);
  }
  const ordered: PlannedCell[] = [];
  let last = previous;
  while (ordered.length < cells.length) {
    let next: string | null = null;
    for (const [client, queue] of queues) {
      if (queue.length === 0 || client === last) continue;
      if (next === null || queue.length > queues.get(next)!.length) next = client;
    }
    // only the previous client has cells left
    next ??= last!;
    ordered.push(queues.get(next)!.shift()!);
    last = next;
  }
  return ordered;
}
