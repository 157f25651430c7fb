// @ts-check
import { rotation, spread } from '@ws-compat/bench';

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

/**
 * @typedef {object} ArmsResult
 * @property {Record<string, Block[]>} blocks every arm's measured blocks, one per round
 * @property {(arm: string) => number} rate median operations per second of an arm's blocks
 * @property {(subject: string, control: string) => import('@ws-compat/bench').Spread} ratio
 *   (subject rate / control rate) taken within each round, summarized: median, quartiles, range
 * @property {(subject: string, control: string) => number | null} cpuRatio control's CPU per operation / subject's
 * @property {(arm: string) => number | null} cpuMicrosPerOperation
 */

/**
 * Run several arms in blocks, every round one block of each, in an order that rotates each round (so
 * no arm always follows the same neighbour), after `warmupRounds` unmeasured rounds. Ratios are taken
 * within a round, so a burst of load from other processes changes one round's ratios, not the result.
 *
 * @param {{ rounds: number; warmupRounds: number; arms: Record<string, (round: number) => Promise<Block>> }} options
 * @returns {Promise<ArmsResult>}
 */
export async function alternateArms({ rounds, warmupRounds, arms }) {
  const names = Object.keys(arms);
  /** @type {Record<string, Block[]>} */
  const blocks = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -warmupRounds; round < rounds; round++) {
    for (const index of rotation(names.length, round)) {
      const name = /** @type {string} */ (names[index]);
      const block = await /** @type {(round: number) => Promise<Block>} */ (arms[name])(round);
      if (round >= 0) blocks[name]?.push(block);
    }
  }
  const rateOf = (/** @type {Block} */ block) => ((block.count - block.failed) / block.elapsedMs) * 1000;
  const own = (/** @type {string} */ arm) => /** @type {Block[]} */ (blocks[arm]);
  const cpuPerOperation = (/** @type {string} */ arm) => {
    const list = own(arm);
    if (!list.every((block) => block.cpuMs !== undefined)) return null;
    return (
      list.reduce((sum, block) => sum + (block.cpuMs ?? 0), 0) /
      list.reduce((sum, block) => sum + block.count, 0)
    );
  };
  return {
    blocks,
    rate: (arm) => median(own(arm).map(rateOf)),
    ratio: (subject, control) =>
      spread(
        own(subject).map(
          (block, round) => rateOf(block) / rateOf(/** @type {Block} */ (own(control)[round])),
        ),
      ),
    cpuRatio: (subject, control) => {
      const a = cpuPerOperation(control);
      const b = cpuPerOperation(subject);
      return a === null || b === null ? null : a / b;
    },
    cpuMicrosPerOperation: (arm) => {
      const value = cpuPerOperation(arm);
      return value === null ? null : value * 1000;
    },
  };
}
