/** Median, quartiles and range of a sample. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  count: number;
}

/** A distribution-free confidence interval for a median (order statistics). */
export interface Interval {
  low: number;
  high: number;
  /** The actual coverage, at least the requested one when the sample is large enough. */
  confidence: number;
}

export interface Task {
  name: string;
  fn: () => unknown;
  control?: boolean;
  note?: string;
}

export interface AsyncTask {
  name: string;
  fn: () => Promise<unknown>;
  control?: boolean;
  note?: string;
}

export interface BlockTask {
  name: string;
  /** One block of `operations` operations in flight at once; resolves when all are done. */
  fn: () => Promise<unknown>;
  /** What the A/A copy of the control runs instead of `fn` (e.g. the same code on its own connection). */
  aaFn?: () => Promise<unknown>;
  control?: boolean;
  note?: string;
}

export interface ThroughputComparison {
  /** Wall time per operation. */
  wall: Comparison;
  /** This process's CPU time per operation, from the same blocks. */
  cpu: Comparison;
}

export interface TaskResult {
  name: string;
  control: boolean;
  aa: boolean;
  ns: Spread;
  ratio: Spread;
  /** The 95% confidence interval of the median ratio. */
  ratioInterval: Interval;
  note?: string;
}

export interface Comparison {
  title: string;
  kind: 'sync' | 'async';
  rounds: number;
  statistic: string;
  tasks: TaskResult[];
}

export function compare(options: {
  title: string;
  tasks: readonly Task[];
  rounds?: number;
  minCpuTimeNs?: number;
  warmupRounds?: number;
  gc?: boolean;
  clock?: 'cpu' | 'wall';
  onRound?: ((round: number, rounds: number) => void) | undefined;
}): Promise<Comparison>;
export function compareAsync(options: {
  title: string;
  tasks: readonly AsyncTask[];
  rounds?: number;
  perBlock?: number;
  warmupRounds?: number;
  onRound?: ((round: number, rounds: number) => void) | undefined;
}): Promise<Comparison>;
export function compareThroughput(options: {
  title: string;
  tasks: readonly BlockTask[];
  operations: number;
  rounds?: number;
  blocksPerRound?: number;
  warmupRounds?: number;
  onRound?: ((round: number, rounds: number) => void) | undefined;
}): Promise<ThroughputComparison>;
export function blockOrder(count: number, step: number): number[];
export function cpuNow(): number;
export function summarize(
  title: string,
  kind: 'sync' | 'async',
  statistic: string,
  tasks: readonly (Task & { aa: boolean })[],
  times: readonly number[][],
): Comparison;
export function withAaControl<T extends { name: string; control?: boolean }>(
  tasks: readonly T[],
): (T & { aa: boolean })[];
export function benchArguments(
  argv: readonly string[],
  defaults: { rounds: number },
): { json: boolean; rounds: number; quick: boolean };
export function formatComparison(comparison: Comparison): string;
export function formatTime(ns: number): string;
export function median(values: readonly number[]): number;
export function medianInterval(values: readonly number[], confidence?: number): Interval;
export function quantile(values: readonly number[], q: number): number;
export function rotation(count: number, round: number): number[];
export function spread(values: readonly number[]): Spread;
