import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeRuntime, type NodeMajor, type NodeRuntime } from '@ws-compat/node-runtimes';
import { createCellContext } from './cell.js';
import { browserEngine, browserProblem } from './child/browser-driver.js';
import type { ImplementationInfo } from './child/protocol.js';
import type { ClientAdapter } from './clients/index.js';
import type { CellResult, ImplementationEntry, Matrix } from './model.js';
import { readPackageVersion } from './package-version.js';
import { runBounded, runGrouped } from './pool.js';
import { ClientProcess, ServerProcess, type SpawnPlan } from './processes.js';
import { type ProgramSpec, programPlan, programProblem } from './programs.js';
import { listRuntimes, type RuntimeProblem, runtimeProblem } from './runtimes.js';
import type { Scenario } from './scenarios/index.js';
import {
  clientOfGroup,
  planCells,
  REFERENCE_GROUP,
  referenceGroups,
  runtimeSelector,
  type SelectionOptions,
  select,
} from './selection.js';
import { isProgramServer, type ServerAdapter } from './servers/index.js';
import { type Shard, selectShard } from './shard.js';
import { findDeclarations, judge, summarize } from './status.js';

/** Servers run on the oldest Node the packages support, so every cell proves they load there. */
const SERVER_NODE_MAJOR: NodeMajor = 18;
/** A cell that takes longer than this is a failure (every wait inside is bounded well below it). */
const CELL_TIMEOUT_MS = 90_000;

export interface RunOptions extends SelectionOptions {
  shard: Shard | null;
  browser: boolean;
  concurrency: number;
  onProgress?: (event: ProgressEvent) => void;
  onLog?: (line: string) => void;
}

export type ProgressEvent = { type: 'planned'; total: number } | { type: 'cell'; cell: CellResult };

/** Where the built children live: next to the built CLI, or in dist/ when running from sources. */
export function distDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === 'src' ? join(here, '..', 'dist') : here;
}

/**
 * How many cells run at once by default: four per core. Cells mostly wait on sockets and timeouts,
 * and a slot is held only by a cell that runs (its client up and free), so more slots let more
 * clients' chains of cells run side by side: on 2 cores, `--quick` without the program clients took
 * 23.0 s at 8 against 35.3 s at 4, with the same summed cell time (104 s and 101 s; interleaved runs,
 * load average 10 from other work).
 */
export function defaultConcurrency(): number {
  return Math.max(4, availableParallelism() * 4);
}

interface ClientState {
  adapter: ClientAdapter;
  process: ClientProcess | null;
  info: ImplementationInfo | null;
  skipped: string | null;
  /** why its cells fail before they start (a wrong runtime tarball or lock), else null */
  broken: string | null;
  runtime: string;
  id: string;
}

interface ServerState {
  adapter: ServerAdapter;
  process: ServerProcess | null;
  info: ImplementationInfo | null;
  skipped: string | null;
  /** why its cells fail before they start (a wrong runtime tarball or lock), else null */
  broken: string | null;
  id: string;
  runtime: string;
}

function packageVersion(packageName: string): string {
  return readPackageVersion(createRequire(import.meta.url), packageName);
}

function clientId(
  adapter: ClientAdapter,
  info: ImplementationInfo | null,
  runtime: NodeRuntime | null,
): string {
  if (adapter.runtime.kind === 'program')
    return info?.version ? `${adapter.family}@${info.version}` : adapter.selector;
  if (adapter.family === 'node-global')
    return runtime === null ? adapter.selector : `node-global@${runtime.version}`;
  if (adapter.runtime.kind === 'browser')
    return info?.version ? `${adapter.family}@${info.version}` : adapter.selector;
  return `${adapter.family}@${adapter.packageName ? packageVersion(adapter.packageName) : '?'}`;
}

/** Start order: browsers launch slowest, then interpreters and Go programs, then Node children. */
function startRank(client: ClientAdapter): number {
  return client.runtime.kind === 'browser' ? 0 : client.runtime.kind === 'program' ? 1 : 2;
}

/** Starts a client child; a child that cannot start is a load error of that client, not of the run. */
async function startClient(child: ClientProcess, runtime: string): Promise<ImplementationInfo> {
  try {
    return await child.start();
  } catch (error) {
    return { version: '', runtime, loadError: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the selected (and sharded) matrix and returns it; starts and stops every child it needs. */
export async function runMatrix(options: RunOptions): Promise<Matrix> {
  const log = options.onLog ?? (() => {});
  const selection = select(options);
  const planned =
    options.shard === null ? planCells(selection) : selectShard(planCells(selection), options.shard);
  options.onProgress?.({ type: 'planned', total: planned.length });
  const usedClients = selection.clients.filter((client) =>
    planned.some((cell) => cell.client === client.selector),
  );
  const usedServers = selection.servers.filter((server) =>
    planned.some((cell) => cell.server === server.selector),
  );
  const dist = distDirectory();

  const majors = new Set<NodeMajor>();
  if (usedServers.some((server) => !isProgramServer(server))) majors.add(SERVER_NODE_MAJOR);
  for (const client of usedClients) {
    if (client.runtime.kind === 'node') majors.add(client.runtime.major);
    else if (client.runtime.kind === 'browser') majors.add(20);
  }
  const runtimes = new Map<NodeMajor, NodeRuntime | RuntimeProblem>();
  for (const major of [...majors].sort()) {
    try {
      const runtime = await ensureNodeRuntime(major, { onProgress: (line) => log(`node ${major}: ${line}`) });
      runtimes.set(major, runtime);
    } catch (error) {
      runtimes.set(major, runtimeProblem(major, error));
    }
  }
  const runtimeOf = (major: NodeMajor): NodeRuntime | null => {
    const entry = runtimes.get(major);
    return entry !== undefined && 'execPath' in entry ? entry : null;
  };
  /** Records why a runtime is missing: a skip, or a failure when the lock or the tarball is wrong. */
  const noRuntime = (state: ClientState | ServerState, major: NodeMajor): void => {
    const entry = runtimes.get(major);
    const problem =
      entry !== undefined && 'broken' in entry
        ? entry
        : { reason: `Node ${major}: not resolved`, broken: true };
    if (problem.broken) state.broken = problem.reason;
    else state.skipped = problem.reason;
  };

  const servers = new Map<string, ServerState>();
  const clients = new Map<string, ClientState>();
  try {
    const appDirectory = join(dist, '..');
    /** Starts a program (Python, Go): a missing language skips, a failed build fails its cells. */
    const startProgram = async (
      state: ClientState | ServerState,
      spec: ProgramSpec,
    ): Promise<SpawnPlan | null> => {
      const problem = programProblem(spec.language);
      if (problem !== null) {
        state.skipped = problem;
        return null;
      }
      try {
        return await programPlan(appDirectory, spec);
      } catch (error) {
        state.broken = error instanceof Error ? error.message : String(error);
        return null;
      }
    };
    const serversStarted = Promise.all(
      usedServers.map(async (adapter) => {
        if (isProgramServer(adapter)) {
          const state: ServerState = {
            adapter,
            process: null,
            info: null,
            skipped: null,
            broken: null,
            id: adapter.selector,
            runtime: adapter.program.language,
          };
          servers.set(adapter.selector, state);
          const plan = await startProgram(state, adapter.program);
          if (plan === null) return;
          state.process = new ServerProcess(plan);
          state.info = await state.process.start();
          if (state.info.version !== '') state.id = `${adapter.family}@${state.info.version}`;
          if (state.info.runtime !== '') state.runtime = state.info.runtime;
          log(`server ${state.id} on ${state.runtime}: ${state.info.loadError ?? 'ready'}`);
          return;
        }
        const runtime = runtimeOf(SERVER_NODE_MAJOR);
        const state: ServerState = {
          adapter,
          process: null,
          info: null,
          skipped: null,
          broken: null,
          id: `${adapter.family}@${packageVersion(adapter.packageName)}`,
          runtime: runtime === null ? `node@${SERVER_NODE_MAJOR}` : `node@${runtime.version}`,
        };
        servers.set(adapter.selector, state);
        if (runtime === null) {
          noRuntime(state, SERVER_NODE_MAJOR);
          return;
        }
        state.process = new ServerProcess({
          execPath: runtime.execPath,
          args: [join(dist, 'server-child.mjs'), adapter.selector],
        });
        state.info = await state.process.start();
        log(`server ${state.id} on ${state.runtime}: ${state.info.loadError ?? 'ready'}`);
      }),
    );
    // browsers first (the slowest to start), then programs, then Node children; a client's cells start
    // as soon as it and the servers are up, so the later starts overlap the first cells
    const groupOf = referenceGroups(planned);
    const startOrder = [...new Set(planned.map(groupOf))]
      .map((key) => ({ key, adapter: usedClients.find((client) => client.selector === clientOfGroup(key))! }))
      .sort((a, b) => startRank(a.adapter) - startRank(b.adapter));
    const startOne = async ({ key, adapter }: { key: string; adapter: ClientAdapter }): Promise<void> => {
      if (adapter.runtime.kind === 'program') {
        const state: ClientState = {
          adapter,
          process: null,
          info: null,
          skipped: null,
          broken: null,
          runtime: adapter.runtime.language,
          id: adapter.selector,
        };
        clients.set(key, state);
        const plan = await startProgram(state, adapter.runtime);
        if (plan === null) return;
        state.process = new ClientProcess(plan);
        state.info = await startClient(state.process, state.runtime);
        if (state.info.runtime !== '') state.runtime = state.info.runtime;
        state.id = clientId(adapter, state.info, null);
        log(`client ${state.id} on ${state.runtime}: ${state.info.loadError ?? 'ready'}`);
        return;
      }
      const major = adapter.runtime.kind === 'node' ? adapter.runtime.major : 20;
      const runtime = runtimeOf(major);
      const state: ClientState = {
        adapter,
        process: null,
        info: null,
        skipped: null,
        broken: null,
        runtime: runtime === null ? runtimeSelector(adapter) : `node@${runtime.version}`,
        id: clientId(adapter, null, runtime),
      };
      clients.set(key, state);
      if (runtime === null) {
        noRuntime(state, major);
        return;
      }
      if (adapter.runtime.kind === 'browser') {
        if (!options.browser) {
          state.skipped = 'browser clients disabled with --no-browser';
          return;
        }
        const problem = browserProblem(adapter.selector);
        if (problem !== null) {
          state.skipped = problem;
          return;
        }
      }
      const flags = adapter.runtime.kind === 'node' ? adapter.runtime.flags : [];
      state.process = new ClientProcess({
        execPath: runtime.execPath,
        args: [...flags, join(dist, 'client-child.mjs'), adapter.selector],
      });
      state.info = await startClient(state.process, state.runtime);
      if (adapter.runtime.kind === 'browser') state.runtime = state.info.runtime;
      state.id = clientId(adapter, state.info, runtime);
      log(`client ${state.id} on ${state.runtime}: ${state.info.loadError ?? 'ready'}`);
    };
    // each client's start as its own promise; runBounded starts them in that order, a few at a time
    const clientsStarted = new Map<string, Promise<void>>();
    const startedOne = new Map<string, () => void>();
    for (const { key } of startOrder) {
      clientsStarted.set(key, new Promise<void>((resolve) => startedOne.set(key, resolve)));
    }
    const starting = runBounded(startOrder, Math.max(2, availableParallelism()), async (client) => {
      try {
        await startOne(client);
      } finally {
        startedOne.get(client.key)!();
      }
    });

    const scenarioById = new Map(selection.scenarios.map((scenario) => [scenario.id, scenario]));
    const cells = await runGrouped(
      planned,
      options.concurrency,
      (cell) => ({ group: groupOf(cell), shared: scenarioById.get(cell.scenario)!.sharesClient === true }),
      (group) => Promise.all([serversStarted, clientsStarted.get(group)]),
      async (cell) => {
        const result = await runCell(
          clients.get(groupOf(cell))!,
          servers.get(cell.server)!,
          scenarioById.get(cell.scenario)!,
          cell.halves ?? { client: true, server: true },
        );
        options.onProgress?.({ type: 'cell', cell: result });
        return result;
      },
    );
    await Promise.all([serversStarted, starting]);

    const entry = (state: ClientState | ServerState, family: string): ImplementationEntry => ({
      id: state.id,
      family,
      version: state.id.slice(state.id.indexOf('@') + 1),
      runtime: state.runtime,
      ...languageAndEngine(state),
      skipped: state.skipped,
    });
    return {
      schema: 1,
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.versions.node,
        platform: `${process.platform}-${process.arch}`,
        // what ran: not skipped, not refused
        runtimes: listRuntimes(
          [...clients.values(), ...servers.values()].filter((state) => state.broken === null),
        ),
        ...(options.shard === null ? {} : { shard: `${options.shard.index}/${options.shard.count}` }),
      },
      clients: usedClients.map((adapter) =>
        entry(
          clients.get(adapter.selector) ?? clients.get(`${adapter.selector}${REFERENCE_GROUP}`)!,
          adapter.family,
        ),
      ),
      servers: usedServers.map((adapter) => entry(servers.get(adapter.selector)!, adapter.family)),
      scenarios: selection.scenarios.map((scenario) => ({ id: scenario.id, title: scenario.title })),
      cells,
      summary: summarize(cells),
    };
  } finally {
    await Promise.all([
      ...[...clients.values()].map((state) => state.process?.stop()),
      ...[...servers.values()].map((state) => state.process?.stop()),
    ]);
  }
}

/**
 * The language an implementation is written in (what its users write) and the engine that runs it:
 * `javascript` on `node@X` or a browser's engine, `python` on CPython (Starlette on uvicorn), `go`.
 */
function languageAndEngine(state: ClientState | ServerState): { language: string; engine: string } {
  const runtime = state.runtime;
  if (runtime.startsWith('python')) {
    const engine = state.process instanceof ServerProcess ? state.process.engine : null;
    return { language: 'python', engine: `${engine === null ? '' : `${engine} on `}cpython (${runtime})` };
  }
  if (runtime.startsWith('go')) return { language: 'go', engine: runtime };
  const browser = browserEngine(runtime);
  if (browser !== null) return { language: 'javascript', engine: `${browser} (${runtime})` };
  return { language: 'javascript', engine: `v8 (${runtime})` };
}

async function runCell(
  client: ClientState,
  server: ServerState,
  scenario: Scenario,
  halves: { client: boolean; server: boolean },
): Promise<CellResult> {
  const base = { client: client.id, server: server.id, scenario: scenario.id };
  const started = Date.now();
  const done = (status: CellResult['status'], reason: string): CellResult => ({
    ...base,
    status,
    reason,
    durationMs: Date.now() - started,
  });
  if (client.broken !== null) return done('fail', client.broken);
  if (server.broken !== null) return done('fail', server.broken);
  if (client.skipped !== null) return done('skipped', client.skipped);
  if (server.skipped !== null) return done('skipped', server.skipped);
  if (server.info?.loadError || server.process === null || server.process.ports === null) {
    return done(
      'fail',
      `server ${server.id} did not start on ${server.runtime}: ${server.info?.loadError ?? 'no ports'}`,
    );
  }
  if (server.process.exited !== null) return done('fail', `server ${server.id} ${server.process.exited}`);
  if (client.info?.loadError || client.process === null || client.info === null) {
    return done(
      'fail',
      `client ${client.id} did not start on ${client.runtime}: ${client.info?.loadError ?? 'unknown'}`,
    );
  }
  const clientProcess = client.process;
  const context = createCellContext({
    client: { adapter: client.adapter, id: client.id, info: client.info },
    server: { adapter: server.adapter, id: server.id },
    clientProcess,
    serverProcess: server.process,
    halves,
  });
  const declared = findDeclarations(
    { clientId: client.id, serverId: server.id, scenario: scenario.id },
    client.adapter.expectedFailures,
    server.adapter.expectedFailures,
  );
  const lock = <T>(task: () => Promise<T>): Promise<T> =>
    scenario.sharesClient === true ? clientProcess.shared(task) : clientProcess.exclusive(task);
  return lock(async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await clientProcess.start();
      const verdict = await Promise.race([
        scenario.run(context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the cell did not finish within ${CELL_TIMEOUT_MS} ms`)),
            CELL_TIMEOUT_MS,
          );
        }),
      ]);
      const judged = judge(verdict, declared);
      return { ...done(judged.status, judged.reason), requests: [...context.requests] };
    } catch (error) {
      const judged = judge(
        { ok: false, reason: error instanceof Error ? error.message : String(error) },
        declared,
      );
      return { ...done(judged.status, judged.reason), requests: [...context.requests] };
    } finally {
      clearTimeout(timer);
    }
  });
}
