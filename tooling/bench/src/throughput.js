// @ts-check
import { do_not_optimize } from 'mitata';
import { cpuNow, summarize, withAaControl } from './compare.js';
import { rotation, spread } from './statistics.js';

/**
 * @typedef {object} BlockTask one named candidate of a throughput comparison
 * @property {string} name
 * @property {() => Promise<unknown>} fn one block: `operations` operations in flight at once (e.g. 256
 *   messages sent, resolved when all 256 echoes are back); awaited, its result kept alive
 * @property {() => Promise<unknown>} [aaFn] what the A/A copy of the control runs instead of `fn`, e.g.
 *   the same code on its own connection, so the A/A row sees every difference the subject's own
 *   connection could add
 * @property {boolean} [control]
 * @property {string} [note]
 */

/**
 * @typedef {object} ThroughputComparison
 * @property {import('./compare.js').Comparison} wall wall time per operation: what a user waits
 * @property {import('./compare.js').Comparison} cpu this process's CPU time per operation: what the
 *   candidate itself costs, without the time other processes (a peer process, other users) held the CPU
 */

/**
 * The order of the tasks in the `step`-th block: a rotation, reversed on every other block. Rotations
 * alone put every task in every position, but always after the same neighbour within a block (whose
 * garbage it may collect); with the reversed ones every task follows every other equally often.
 *
 * @param {number} count
 * @param {number} step
 * @returns {number[]}
 */
export function blockOrder(count, step) {
  const order = rotation(count, step);
  return step % 2 === 0 ? order : order.reverse();
}

/**
 * Compare throughput of asynchronous work done in blocks. Every round runs `blocksPerRound` blocks of
 * every task, the tasks alternating block by block in a rotating order (so a burst of load from another
 * process lands on all of them, and each follows every other equally often: {@link blockOrder}); each block is timed twice, in wall time and in this process's CPU time,
 * and divided by `operations`. A round's time per task is the median of its blocks; ratios to the control
 * are taken within each round. Both clocks come from the same blocks, so they are directly comparable.
 *
 * @param {{ title: string; tasks: readonly BlockTask[]; operations: number; rounds?: number; blocksPerRound?: number; warmupRounds?: number; onRound?: (round: number, rounds: number) => void }} options
 * @returns {Promise<ThroughputComparison>}
 * @throws {RangeError} when `operations`, `rounds` or `blocksPerRound` is not a positive integer
 */
export async function compareThroughput({
  title,
  tasks,
  operations,
  rounds = 15,
  blocksPerRound = 8,
  warmupRounds = 1,
  onRound,
}) {
  for (const [name, value] of /** @type {const} */ ([
    ['operations', operations],
    ['rounds', rounds],
    ['blocksPerRound', blocksPerRound],
  ])) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`compareThroughput: ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  const all = withAaControl(tasks).map((task) =>
    task.aa && task.aaFn !== undefined ? { ...task, fn: task.aaFn } : task,
  );
  /** @type {number[][]} */
  const wallTimes = all.map(() => []);
  /** @type {number[][]} */
  const cpuTimes = all.map(() => []);
  /** @type {Float64Array[]} */
  const wallBlocks = all.map(() => new Float64Array(blocksPerRound));
  /** @type {Float64Array[]} */
  const cpuBlocks = all.map(() => new Float64Array(blocksPerRound));
  for (let round = -warmupRounds; round < rounds; round++) {
    for (let block = 0; block < blocksPerRound; block++) {
      for (const index of blockOrder(all.length, round * blocksPerRound + block)) {
        const fn = /** @type {BlockTask} */ (all[index]).fn;
        const cpuStart = cpuNow();
        const wallStart = performance.now();
        do_not_optimize(await fn());
        const wall = (performance.now() - wallStart) * 1e6;
        const cpu = cpuNow() - cpuStart;
        /** @type {Float64Array} */ (wallBlocks[index])[block] = wall / operations;
        /** @type {Float64Array} */ (cpuBlocks[index])[block] = cpu / operations;
      }
    }
    if (round < 0) continue;
    for (let index = 0; index < all.length; index++) {
      wallTimes[index]?.push(spread([.../** @type {Float64Array} */ (wallBlocks[index])]).median);
      cpuTimes[index]?.push(spread([.../** @type {Float64Array} */ (cpuBlocks[index])]).median);
    }
    onRound?.(round + 1, rounds);
  }
  const per = `median of ${blocksPerRound} blocks of ${operations} operations per round, ns/op`;
  return {
    wall: summarize(`${title} (wall time)`, 'async', `${per} of wall time`, all, wallTimes),
    cpu: summarize(
      `${title} (process CPU time)`,
      'async',
      `${per} of this process's CPU time`,
      all,
      cpuTimes,
    ),
  };
}
