import { clientAdapters } from './clients/index.js';
import { cellKey } from './model.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/**
 * Parses `i/n` (1 <= i <= n).
 *
 * @throws TypeError naming the input when it is not of that form
 */
export function parseShard(input: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(input.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new TypeError(`--shard must be i/n with 1 <= i <= n, like 2/4 (got "${input}")`);
  }
  return { index, count };
}

/** What a shard split needs of a planned cell. */
export interface ShardCell {
  client: string;
  server: string;
  scenario: string;
}

/**
 * What one cell costs, in milliseconds of this machine: the median `durationMs` of the scenario's
 * cells in the full strict run of 2026-11-30 (5,708 cells, 1,000 s under a load average of 20 to 35:
 * the times are long, their ratios are what the split uses). A scenario not listed (a new one) counts
 * as {@link UNKNOWN_SCENARIO_MS}. `failure-settles` and `unreachable-settles` (its two halves since the
 * split) are the medians of the split's first run scaled by that run's ratio (0.82) to these.
 */
const SCENARIO_MS: Readonly<Record<string, number>> = {
  'headers-arrive': 250,
  subprotocol: 810,
  'failure-settles': 250,
  'unreachable-settles': 1_030,
  'multi-protocol': 320,
  'reserved-refused': 1_830,
  'injection-refused': 1_880,
  'legacy-names': 1_430,
  'header-shapes': 1_050,
  bearer: 290,
  query: 250,
  context: 360,
  'token-only-offer': 110,
  'token-survives': 90,
  'host-target': 200,
  'split-protocol-lines': 90,
  'rejection-response': 90,
  'unoffered-protocol': 550,
  'text-round-trip': 280,
  'binary-round-trip': 1_550,
  'fragmented-message': 380,
  'large-message': 3_360,
  'close-both-ways': 1_100,
  'invalid-close-refused': 190,
  'protocol-error': 190,
  'throwing-listener': 170,
  'close-while-connecting': 520,
  'peer-never-closes': 2_490,
  'hostile-frames': 510,
};
const UNKNOWN_SCENARIO_MS = 1_000;

/** What starting a client costs a shard once: a browser launch, a Python interpreter, a Node child. */
const STARTUP_MS: Readonly<Record<'node' | 'browser' | 'python' | 'go', number>> = {
  node: 300,
  browser: 2_500,
  python: 600,
  go: 300,
};
/**
 * How much slower one cell is, by where the client runs: the per-cell medians of that run relative to
 * Node's (340 ms; browsers 315, Python 268, Go 188). A browser is not slower per cell: its cost is the
 * launch, in {@link STARTUP_MS}.
 */
const RUNTIME_FACTOR: Readonly<Record<'node' | 'browser' | 'python' | 'go', number>> = {
  node: 1,
  browser: 0.93,
  python: 0.79,
  go: 0.55,
};
/**
 * Cells running at once in one shard: `--concurrency`'s default on the 2-core CI runners. A constant,
 * not this machine's count, so every shard of a CI run computes the same split.
 */
const SHARD_PARALLELISM = 4;

type RuntimeClass = keyof typeof STARTUP_MS;

function runtimeClass(selector: string): RuntimeClass {
  const runtime = clientAdapters.find((adapter) => adapter.selector === selector)?.runtime;
  if (runtime === undefined || runtime.kind === 'node') return 'node';
  if (runtime.kind === 'browser') return 'browser';
  return runtime.language;
}

/**
 * The expected time of one cell (ms): its scenario's measured median, scaled by where its client runs.
 *
 * @param cell - a planned cell (client selector, server selector, scenario id).
 * @returns milliseconds, always positive.
 */
export function expectedCellMs(cell: ShardCell): number {
  return (SCENARIO_MS[cell.scenario] ?? UNKNOWN_SCENARIO_MS) * RUNTIME_FACTOR[runtimeClass(cell.client)];
}

/** A shard being filled: its total, and each client's serial time (a client runs one cell at a time). */
interface Load {
  total: number;
  byClient: Map<string, number>;
}

/**
 * A shard's expected wall time: the cells share {@link SHARD_PARALLELISM} slots, but one client's
 * cells run one after another (after its start), so the busiest client bounds it from below.
 */
function wallTime(load: Load): number {
  let busiest = 0;
  for (const time of load.byClient.values()) busiest = Math.max(busiest, time);
  return Math.max(load.total / SHARD_PARALLELISM, busiest);
}

function withCell(load: Load, cell: ShardCell, ms: number): Load {
  const serial = load.byClient.get(cell.client) ?? STARTUP_MS[runtimeClass(cell.client)];
  const byClient = new Map(load.byClient);
  byClient.set(cell.client, serial + ms);
  return { total: load.total + ms, byClient };
}

/**
 * Splits the cells into `count` shards of about equal expected wall time (not count): the costliest
 * cells first, each to the shard it lengthens least (a client's first cell in a shard also costs its
 * start), ties to the lower shard. Deterministic for a set of cells whatever their order.
 *
 * @returns the 1-based shard of every cell, by cell key.
 */
export function assignShards(cells: readonly ShardCell[], count: number): Map<string, number> {
  const weighed = cells
    .map((cell) => ({ cell, key: cellKey(cell), ms: expectedCellMs(cell) }))
    .sort((a, b) => b.ms - a.ms || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads: Load[] = Array.from({ length: count }, () => ({ total: 0, byClient: new Map() }));
  const assigned = new Map<string, number>();
  for (const { cell, key, ms } of weighed) {
    let best = 0;
    let bestLoad = withCell(loads[0]!, cell, ms);
    for (let index = 1; index < count; index++) {
      const candidate = withCell(loads[index]!, cell, ms);
      const [time, bestTime] = [wallTime(candidate), wallTime(bestLoad)];
      if (time < bestTime || (time === bestTime && candidate.total < bestLoad.total)) {
        best = index;
        bestLoad = candidate;
      }
    }
    loads[best] = bestLoad;
    assigned.set(key, best + 1);
  }
  return assigned;
}

/**
 * The expected wall time (ms) of each shard of a split, in shard order: what `assignShards` balances.
 *
 * @param cells - every planned cell.
 * @param count - the number of shards.
 */
export function shardWallTimes(cells: readonly ShardCell[], count: number): number[] {
  const assigned = assignShards(cells, count);
  return estimateWallTimes(cells, (cell) => assigned.get(cellKey(cell))!, count);
}

/**
 * The expected wall time (ms) of each shard of any split, by the model `assignShards` balances: to
 * compare a split with another (the round-robin by count it replaced).
 *
 * @param shardOf - the 1-based shard of a cell.
 */
export function estimateWallTimes(
  cells: readonly ShardCell[],
  shardOf: (cell: ShardCell) => number,
  count: number,
): number[] {
  const loads: Load[] = Array.from({ length: count }, () => ({ total: 0, byClient: new Map() }));
  for (const cell of cells) {
    const index = shardOf(cell) - 1;
    loads[index] = withCell(loads[index]!, cell, expectedCellMs(cell));
  }
  return loads.map(wallTime);
}

/**
 * This shard's cells, in the order given (the plan interleaves clients so that neighbouring cells
 * run concurrently). The n shards together are all cells exactly once; see {@link assignShards}.
 */
export function selectShard<T extends ShardCell>(cells: readonly T[], shard: Shard): T[] {
  const assigned = assignShards(cells, shard.count);
  return cells.filter((cell) => assigned.get(cellKey(cell)) === shard.index);
}
