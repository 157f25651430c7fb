// @ts-check

/**
 * A time in the unit that keeps three significant digits readable.
 *
 * @param {number} ns
 */
export function formatTime(ns) {
  if (ns < 1e3) return `${ns.toFixed(ns < 10 ? 1 : 0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
}

/**
 * A comparison as a markdown table: median time per operation with its quartiles, and the median of
 * the per-round ratios to the control with their quartiles and range.
 *
 * @param {import('./compare.js').Comparison} comparison
 * @returns {string}
 */
export function formatComparison(comparison) {
  const control = comparison.tasks.find((task) => task.control);
  const lines = [
    `${comparison.title}`,
    `${comparison.rounds} interleaved rounds (${comparison.statistic}); ratio = time / time of "${control?.name}" within each round, median [quartiles] (range), and the confidence interval of that median`,
    '',
    '| candidate | median time [quartiles] | ratio to control [quartiles] (range) | median ratio, confidence interval |',
    '| --- | --- | --- | --- |',
  ];
  for (const task of comparison.tasks) {
    const time = `${formatTime(task.ns.median)} [${formatTime(task.ns.p25)}, ${formatTime(task.ns.p75)}]`;
    const ratio = task.control
      ? 'control'
      : `${task.ratio.median.toFixed(2)}x [${task.ratio.p25.toFixed(2)}, ${task.ratio.p75.toFixed(2)}] (${task.ratio.min.toFixed(2)}-${task.ratio.max.toFixed(2)})`;
    const interval = task.control
      ? ''
      : `${task.ratioInterval.low.toFixed(2)}-${task.ratioInterval.high.toFixed(2)} (${(task.ratioInterval.confidence * 100).toFixed(0)}%)`;
    lines.push(`| ${task.name} | ${time} | ${ratio} | ${interval} |`);
  }
  const notes = comparison.tasks.filter((task) => task.note !== undefined);
  if (notes.length > 0) lines.push('');
  for (const task of notes) lines.push(`- ${task.name}: ${task.note}`);
  return lines.join('\n');
}

/**
 * The command-line options every bench takes: `--json` (machine-readable output) and `--rounds N`.
 *
 * @param {readonly string[]} argv process.argv.slice(2)
 * @param {{ rounds: number }} defaults
 * @returns {{ json: boolean; rounds: number; quick: boolean }}
 */
export function benchArguments(argv, defaults) {
  const index = argv.indexOf('--rounds');
  const rounds = index === -1 ? defaults.rounds : Number(argv[index + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(`--rounds must be a positive integer, got ${argv[index + 1]}`);
  }
  return { json: argv.includes('--json'), rounds, quick: argv.includes('--quick') };
}
