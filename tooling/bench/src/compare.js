// @ts-check
import { do_not_optimize, measure } from 'mitata';
import { medianInterval, rotation, spread } from './statistics.js';

/**
 * @typedef {object} Task one named candidate of a comparison
 * @property {string} name shown in the table; name peers by what they are ("fast-querystring", "new WebSocket (ws 8)")
 * @property {() => unknown} fn one operation; its result is kept alive (mitata's do_not_optimize)
 * @property {boolean} [control] the one task every other is divided by
 * @property {string} [note] printed under the table, e.g. where a peer's semantics differ
 */

/**
 * @typedef {object} TaskResult
 * @property {string} name
 * @property {boolean} control
 * @property {boolean} aa true for the A/A copy of the control
 * @property {import('./statistics.js').Spread} ns time per operation: the per-round medians (mitata p50), summarized
 * @property {import('./statistics.js').Spread} ratio this task's time / the control's time, taken within each round, summarized
 * @property {import('./statistics.js').Interval} ratioInterval the 95% confidence interval of the median ratio
 *   (order statistics of the per-round ratios): what to compare with a target, e.g. "at most 1.05"
 * @property {string} [note]
 */

/**
 * @typedef {object} Comparison
 * @property {string} title
 * @property {'sync' | 'async'} kind
 * @property {number} rounds
 * @property {string} statistic how a round's time was taken
 * @property {TaskResult[]} tasks in the order given, the A/A copy right after the control
 */

/**
 * The tasks with an A/A copy of the control after it: a second, separately wrapped run of the same
 * function, whose "ratio" shows what the method gives when there is no difference.
 *
 * @template {{ name: string; control?: boolean }} T
 * @param {readonly T[]} tasks
 * @returns {(T & { aa: boolean })[]}
 */
export function withAaControl(tasks) {
  const controls = tasks.filter((task) => task.control === true);
  if (controls.length !== 1) {
    throw new TypeError(
      `compare: exactly one task needs control: true, got ${controls.length} (${tasks.map((task) => task.name).join(', ')})`,
    );
  }
  const names = new Set(tasks.map((task) => task.name));
  if (names.size !== tasks.length) throw new TypeError('compare: task names must be unique');
  return tasks.flatMap((task) =>
    task.control === true
      ? [
          { ...task, aa: false },
          { ...task, name: `${task.name} (A/A control)`, control: false, aa: true },
        ]
      : [{ ...task, aa: false }],
  );
}

/**
 * This process's CPU time in nanoseconds (user + system; microsecond resolution). On a shared machine
 * the wall clock also counts the time other processes held the CPU, which lands on whichever candidate
 * happened to be running; CPU time does not.
 */
export function cpuNow() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/**
 * Summarize per-round times into a comparison: each task's time, and its ratio to the control taken
 * within each round (so a noisy round moves one sample, not the result).
 *
 * @param {string} title
 * @param {'sync' | 'async'} kind
 * @param {string} statistic
 * @param {readonly (Task & { aa: boolean })[]} tasks
 * @param {readonly number[][]} times times[task][round], same rounds for every task
 * @returns {Comparison}
 */
export function summarize(title, kind, statistic, tasks, times) {
  const controlIndex = tasks.findIndex((task) => task.control === true);
  const controlTimes = /** @type {number[]} */ (times[controlIndex]);
  return {
    title,
    kind,
    rounds: controlTimes.length,
    statistic,
    tasks: tasks.map((task, index) => {
      const own = /** @type {number[]} */ (times[index]);
      const ratios = own.map((ns, round) => ns / /** @type {number} */ (controlTimes[round]));
      /** @type {TaskResult} */
      const result = {
        name: task.name,
        control: task.control === true,
        aa: task.aa,
        ns: spread(own),
        ratio: spread(ratios),
        ratioInterval: medianInterval(ratios),
      };
      if (task.note !== undefined) result.note = task.note;
      return result;
    }),
  };
}

/**
 * Compare synchronous operations: every round measures every task once with mitata (its p50 per
 * operation), in a rotating order; results are kept alive so no candidate can be optimized away.
 *
 * `clock`: 'cpu' (default) times mitata's samples with {@link cpuNow}, each sample a batch of 1,024
 * operations (so the microsecond resolution is far below a sample); 'wall' uses mitata's own clock.
 * `gc`: whether mitata forces a full collection before each measurement (default false: a forced
 * collection shrinks the young generation and the next candidate pays for regrowing it, which a running
 * server never does; the rotation already spreads each candidate's garbage over its neighbours).
 *
 * @param {{ title: string; tasks: readonly Task[]; rounds?: number; minCpuTimeNs?: number; warmupRounds?: number; gc?: boolean; clock?: 'cpu' | 'wall'; onRound?: (round: number, rounds: number) => void }} options
 * @returns {Promise<Comparison>}
 */
export async function compare({
  title,
  tasks,
  rounds = 9,
  minCpuTimeNs = 50e6,
  warmupRounds = 1,
  gc = false,
  clock = 'cpu',
  onRound,
}) {
  const all = withAaControl(tasks);
  // One wrapper per task, built once: each gets its own call site, so the A/A copy is not the same
  // closure as the control (which would share its inline caches and its optimization fate).
  const runs = all.map((task) => {
    const fn = task.fn;
    return () => do_not_optimize(fn());
  });
  /** @type {number[][]} */
  const times = all.map(() => []);
  for (let round = -warmupRounds; round < rounds; round++) {
    for (const index of rotation(all.length, round)) {
      const stats = await measure(/** @type {() => void} */ (runs[index]), {
        min_cpu_time: minCpuTimeNs,
        ...(gc ? {} : { gc: false }),
        ...(clock === 'cpu' ? { now: cpuNow, batch_samples: 1024 } : {}),
      });
      if (round >= 0) times[index]?.push(stats.p50);
    }
    if (round >= 0) onRound?.(round + 1, rounds);
  }
  return summarize(
    title,
    'sync',
    `mitata p50 per round, ns/op of ${clock === 'cpu' ? 'process CPU time' : 'wall time'}`,
    all,
    times,
  );
}

/**
 * @typedef {object} AsyncTask
 * @property {string} name
 * @property {() => Promise<unknown>} fn one operation (e.g. a handshake); awaited, its result kept alive
 * @property {boolean} [control]
 * @property {string} [note]
 */

/**
 * Compare asynchronous operations (handshakes, connects): every round runs a block of `perBlock`
 * operations of each task, one after another, in a rotating order; a block's time is the median of
 * its operations' wall times. Medians and their spread, never means (a handshake's time has a long
 * tail on a shared machine).
 *
 * @param {{ title: string; tasks: readonly AsyncTask[]; rounds?: number; perBlock?: number; warmupRounds?: number; onRound?: (round: number, rounds: number) => void }} options
 * @returns {Promise<Comparison>}
 */
export async function compareAsync({ title, tasks, rounds = 15, perBlock = 40, warmupRounds = 1, onRound }) {
  const all = withAaControl(tasks);
  /** @type {number[][]} */
  const times = all.map(() => []);
  const durations = new Float64Array(perBlock);
  for (let round = -warmupRounds; round < rounds; round++) {
    for (const index of rotation(all.length, round)) {
      const fn = /** @type {AsyncTask} */ (all[index]).fn;
      for (let operation = 0; operation < perBlock; operation++) {
        const start = performance.now();
        do_not_optimize(await fn());
        durations[operation] = performance.now() - start;
      }
      if (round >= 0) times[index]?.push(spread([...durations]).median * 1e6);
    }
    if (round >= 0) onRound?.(round + 1, rounds);
  }
  return summarize(title, 'async', `median of ${perBlock} operations per round, ns/op`, all, times);
}
