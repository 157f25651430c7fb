// Rounds of slow operations (an ESLint run takes seconds) on the one harness, @ws-compat/bench: its A/A
// copy of the control, its rotation, its per-round ratios and its table. mitata's `compare` wants
// thousands of operations per sample and `compareAsync` times wall clock only, so this file adds the one
// missing piece, a loop that times each operation once in process CPU time and in wall time.
// Imported by path: @ws-compat/bench is not (yet) a devDependency of this package (see the README).
import { performance } from 'node:perf_hooks';
import { cpuNow, rotation, summarize, withAaControl } from '@ws-compat/bench';

/**
 * Runs every task once per round in a rotating order (the control twice, as the harness's A/A copy) and
 * summarises the same runs twice: process CPU time and wall time. `controls` names other tasks to take
 * as the control in extra summaries of the same runs (e.g. "over the empty-rule control").
 *
 * @param {{ title: string; tasks: readonly { name: string; fn: () => Promise<unknown>; control?: boolean; note?: string }[];
 *   rounds: number; warmupRounds?: number; controls?: readonly string[]; onRound?: (round: number, rounds: number) => void }} options
 */
export async function compareSlow({ title, tasks, rounds, warmupRounds = 1, controls = [], onRound }) {
  const all = withAaControl(tasks);
  const cpu = all.map(() => []);
  const wall = all.map(() => []);
  for (let round = -warmupRounds; round < rounds; round++) {
    for (const index of rotation(all.length, round)) {
      const cpuStart = cpuNow();
      const wallStart = performance.now();
      await all[index].fn();
      if (round < 0) continue;
      wall[index].push((performance.now() - wallStart) * 1e6);
      cpu[index].push(cpuNow() - cpuStart);
    }
    if (round >= 0) onRound?.(round + 1, rounds);
  }
  const statistic = (clock) => `one run per round, ${clock}`;
  /** The same runs with `name` as the control. */
  const over = (name, times, clock) =>
    summarize(
      `${title}, over "${name}"`,
      'async',
      statistic(clock),
      all.map((task) => ({ ...task, control: task.name === name })),
      times,
    );
  return {
    cpu: summarize(title, 'async', statistic('process CPU time'), all, cpu),
    wall: summarize(title, 'async', statistic('wall time'), all, wall),
    cpuOver: controls.map((name) => over(name, cpu, 'process CPU time')),
    times: { names: all.map((task) => task.name), cpuNs: cpu, wallNs: wall },
  };
}
