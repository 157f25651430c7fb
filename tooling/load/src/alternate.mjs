// @ts-check
import { medianInterval, rotation, spread } from '@ws-compat/bench';

/**
 * @typedef {object} Block one timed block of work
 * @property {number} count operations attempted
 * @property {number} failed
 * @property {number} elapsedMs
 * @property {string[]} [failures]
 * @property {number} [cpuMs] CPU time of the process whose cost is compared (server or client), when measured
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
 * @typedef {object} ArmsResult
 * @property {Record<string, Block[]>} blocks every arm's measured blocks, one per round
 * @property {(arm: string) => number} rate median operations per second of an arm's blocks
 * @property {(subject: string, control: string) => number[]} ratios (subject rate / control rate) of each round
 * @property {(subject: string, control: string) => import('@ws-compat/bench').Spread} ratio
 *   those ratios summarized: median, quartiles, range
 * @property {(subject: string, control: string) => number | null} cpuRatio control's CPU per operation / subject's
 * @property {(arm: string) => number | null} cpuMicrosPerOperation
 */

/**
 * Run several arms in blocks, every round one block of each, in an order that rotates each round and
 * runs backwards every other round (so each arm takes each place and follows each other arm), after
 * `warmupRounds` unmeasured rounds. Ratios are taken
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
    // A rotation alone keeps each arm's cyclic neighbour (with three arms, `connect` would always follow
    // `direct` and pay for its garbage); every other round runs backwards, so each arm follows each other.
    const order = rotation(names.length, round);
    if (round % 2 !== 0) order.reverse();
    for (const index of order) {
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
  const ratios = (/** @type {string} */ subject, /** @type {string} */ control) =>
    own(subject).map((block, round) => rateOf(block) / rateOf(/** @type {Block} */ (own(control)[round])));
  return {
    blocks,
    rate: (arm) => median(own(arm).map(rateOf)),
    ratios,
    ratio: (subject, control) => spread(ratios(subject, control)),
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

/**
 * A number to three decimals, as load.json gives ratios.
 *
 * @param {number} value
 */
export function round3(value) {
  return Math.round(value * 1000) / 1000;
}

/**
 * @typedef {object} PairSummary one arm against another, for load.json and load-details.json
 * @property {number} ratio median over rounds of (subject rate / control rate)
 * @property {[number, number]} quartiles
 * @property {[number, number]} range
 * @property {[number, number]} interval95 the 95% confidence interval of that median (order statistics)
 * @property {number | null} cpuRatio control's CPU per operation / subject's, when measured
 */

/**
 * What load.json and its details say about one pair of arms, every figure to three decimals.
 *
 * @param {ArmsResult} result
 * @param {string} subject
 * @param {string} control
 * @returns {PairSummary}
 */
export function summarizePair(result, subject, control) {
  const values = result.ratios(subject, control);
  const summary = spread(values);
  const interval = medianInterval(values);
  const cpu = result.cpuRatio(subject, control);
  return {
    ratio: round3(summary.median),
    quartiles: [round3(summary.p25), round3(summary.p75)],
    range: [round3(summary.min), round3(summary.max)],
    interval95: [round3(interval.low), round3(interval.high)],
    cpuRatio: cpu === null ? null : round3(cpu),
  };
}

/**
 * Failed operations of every arm, the first few distinct failure messages, and each arm's blocks
 * (wall and CPU milliseconds), for load-details.json.
 *
 * @param {ArmsResult} result
 */
export function blockDetails(result) {
  const all = Object.values(result.blocks).flat();
  return {
    failed: all.reduce((sum, block) => sum + block.failed, 0),
    failures: [...new Set(all.flatMap((block) => block.failures ?? []))].slice(0, 5),
    blocks: Object.fromEntries(
      Object.entries(result.blocks).map(([arm, blocks]) => [
        arm,
        blocks.map((block) => ({
          elapsedMs: Math.round(block.elapsedMs),
          cpuMs: Math.round(block.cpuMs ?? 0),
        })),
      ]),
    ),
  };
}
