// @ts-check

/**
 * @typedef {object} Block one timed block of work
 * @property {number} count operations attempted
 * @property {number} failed
 * @property {number} elapsedMs
 * @property {string[]} [failures]
 * @property {number} [cpuMs] CPU time of the process whose cost is compared (server or client), when measured
 */

/**
 * @typedef {object} AlternationResult
 * @property {number} aRate median operations per second of the A blocks
 * @property {number} bRate median operations per second of the B blocks
 * @property {number} ratio median over rounds of (B rate / A rate): each B compared with the A just before it
 * @property {number | null} cpuRatio A's CPU per operation / B's, when both blocks measured it
 * @property {{ a: number; b: number } | null} cpuMicrosPerOperation CPU microseconds per operation of A and of B
 * @property {number} failed
 * @property {string[]} failures
 * @property {{ a: Block; b: Block }[]} rounds
 */

/**
 * The median of a non-empty list.
 *
 * @param {readonly number[]} values
 */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? Number.NaN;
  const lower = sorted[middle - 1] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

/**
 * Run A B A B ... `rounds` times after `warmupRounds` unmeasured rounds. Comparing each B with the A run
 * just before it, and taking the median, keeps a burst of load from other processes on this shared
 * machine from deciding the ratio.
 *
 * @param {{ rounds: number; warmupRounds: number; runA: (round: number) => Promise<Block>; runB: (round: number) => Promise<Block> }} options
 * @returns {Promise<AlternationResult>}
 */
export async function alternate({ rounds, warmupRounds, runA, runB }) {
  /** @type {{ a: Block; b: Block }[]} */
  const measured = [];
  for (let round = -warmupRounds; round < rounds; round++) {
    const a = await runA(round);
    const b = await runB(round);
    if (round >= 0) measured.push({ a, b });
  }
  const rate = (/** @type {Block} */ block) => ((block.count - block.failed) / block.elapsedMs) * 1000;
  const cpuPerOperation = (/** @type {Block[]} */ blocks) =>
    blocks.reduce((sum, block) => sum + (block.cpuMs ?? 0), 0) /
    blocks.reduce((sum, block) => sum + block.count, 0);
  const cpuMeasured = measured.every(({ a, b }) => a.cpuMs !== undefined && b.cpuMs !== undefined);
  const failures = [
    ...new Set(measured.flatMap(({ a, b }) => [...(a.failures ?? []), ...(b.failures ?? [])])),
  ];
  return {
    aRate: median(measured.map(({ a }) => rate(a))),
    bRate: median(measured.map(({ b }) => rate(b))),
    ratio: median(measured.map(({ a, b }) => rate(b) / rate(a))),
    cpuRatio: cpuMeasured
      ? cpuPerOperation(measured.map(({ a }) => a)) / cpuPerOperation(measured.map(({ b }) => b))
      : null,
    cpuMicrosPerOperation: cpuMeasured
      ? {
          a: cpuPerOperation(measured.map(({ a }) => a)) * 1000,
          b: cpuPerOperation(measured.map(({ b }) => b)) * 1000,
        }
      : null,
    failed: measured.reduce((sum, { a, b }) => sum + a.failed + b.failed, 0),
    failures: failures.slice(0, 5),
    rounds: measured,
  };
}
