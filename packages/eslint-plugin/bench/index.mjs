// Lint time of @ws-compat/eslint-plugin's rules over ESLint with no rules, on a generated project of 2,000
// files. Run `pnpm run build && pnpm run bench`; `-- --json` for JSON, `-- --rounds 9`, `-- --files 500`.
// Honest by construction: the four runs of a round (no rules, the plugin, no rules again, one empty rule) are interleaved
// and their order rotates every round, so warm-up and load on the shared machine fall on all of them;
// medians, not means; the second no-rules run is an A/A control whose "overhead" shows the noise floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ESLint } from 'eslint';
import plugin from '../dist/index.mjs';
import { writeProject } from './project.mjs';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : Number(argv[index + 1]);
};
const fileCount = option('--files', 2000);
const rounds = option('--rounds', 7);

const root = mkdtempSync(join(tmpdir(), 'ws-compat-eslint-bench-'));
writeProject(root, fileCount);

const base = { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } };
// A rule that registers no listeners: what ESLint itself costs once any plugin rule is configured. It tells
// ESLint's own per-rule machinery apart from the work of this plugin's rules.
const emptyPlugin = { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };
const configs = {
  none: [base],
  plugin: [
    base,
    { files: ['**/*.js'], plugins: { '@ws-compat': plugin }, rules: plugin.configs.strict.rules },
  ],
  emptyRule: [
    base,
    { files: ['**/*.js'], plugins: { control: emptyPlugin }, rules: { 'control/empty': 'error' } },
  ],
};

async function lint(config) {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, cache: false });
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const results = await eslint.lintFiles(['src']);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const messages = results.reduce((sum, result) => sum + result.messages.length, 0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, messages };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Medians of each series, the ratio of medians, and the median of the per-round ratios (paired). */
function summarise(runs, metric) {
  const series = (name) => runs[name].map((run) => run[metric]);
  const none = median(series('none'));
  const withPlugin = median(series('plugin'));
  const control = median(series('control'));
  const empty = median(series('emptyRule'));
  const paired = (name, over = 'none') =>
    median(runs[name].map((run, round) => run[metric] / runs[over][round][metric] - 1));
  return {
    medianMs: {
      noRules: Math.round(none),
      plugin: Math.round(withPlugin),
      noRulesControl: Math.round(control),
      emptyRule: Math.round(empty),
    },
    added: withPlugin / none - 1,
    aaControl: control / none - 1,
    emptyRuleOverNoRules: empty / none - 1,
    addedOverEmptyRule: withPlugin / empty - 1,
    addedPaired: paired('plugin'),
    aaControlPaired: paired('control'),
    addedOverEmptyRulePaired: paired('plugin', 'emptyRule'),
  };
}

try {
  const runs = { none: [], plugin: [], control: [], emptyRule: [] };
  // Warm-up: one of each, not counted; also proves the rules ran (the no-rules runs report nothing).
  const warmNone = await lint(configs.none);
  const warmPlugin = await lint(configs.plugin);
  if (configs.emptyRule === undefined || warmNone.messages !== 0 || warmPlugin.messages === 0) {
    throw new Error(`sanity: no rules gave ${warmNone.messages} reports, the plugin ${warmPlugin.messages}`);
  }
  const order = [
    ['none', configs.none],
    ['plugin', configs.plugin],
    ['control', configs.none],
    ['emptyRule', configs.emptyRule],
  ];
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < order.length; step++) {
      const [name, config] = order[(round + step) % order.length];
      runs[name].push(await lint(config));
    }
    if (!json) process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }
  const result = {
    files: fileCount,
    rounds,
    reports: warmPlugin.messages,
    // CPU time of this process (user + system): what the lint costs, less swayed by other processes on a
    // shared machine than wall time, which is reported beside it.
    cpu: summarise(runs, 'cpuMs'),
    wall: summarise(runs, 'wallMs'),
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, values]) => [
        name,
        values.map((run) => ({ cpuMs: Math.round(run.cpuMs), wallMs: Math.round(run.wallMs) })),
      ]),
    ),
    node: process.version,
    eslint: ESLint.version,
  };
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    const percent = (value) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
    console.log(
      `${fileCount} files, ${rounds} interleaved rounds, ESLint ${ESLint.version}, Node ${process.version}`,
    );
    for (const metric of ['cpu', 'wall']) {
      const m = result[metric];
      console.log(`${metric === 'cpu' ? 'CPU time' : 'Wall time'} (medians):`);
      console.log(`  ESLint, no rules                ${m.medianMs.noRules} ms`);
      console.log(
        `  ESLint + @ws-compat (5 rules)   ${m.medianMs.plugin} ms   added ${percent(m.added)} (paired per round ${percent(m.addedPaired)})`,
      );
      console.log(
        `  ESLint, no rules (A/A control)  ${m.medianMs.noRulesControl} ms   "added" ${percent(m.aaControl)} (paired ${percent(m.aaControlPaired)})`,
      );
      console.log(
        `  ESLint + one empty rule         ${m.medianMs.emptyRule} ms   added ${percent(m.emptyRuleOverNoRules)}; the plugin over it ${percent(m.addedOverEmptyRule)} (paired ${percent(m.addedOverEmptyRulePaired)})`,
      );
    }
    console.log(`(${result.reports} reports from the plugin on the generated project)`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
