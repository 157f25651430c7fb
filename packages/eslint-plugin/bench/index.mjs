// Lint time of @ws-compat/eslint-plugin's rules over ESLint with no rules, on a generated project of 2,000
// files, on the one harness (@ws-compat/bench: rotation, A/A control, per-round ratios, medians, spread).
// Run `pnpm run build && pnpm run bench`; `-- --json`, `-- --rounds 9`, `-- --files 500`;
// `-- --peer-plugin <dir of an installed plugin> --peer-rule <rule>` adds a third-party plugin's rule as a peer
// (the README's figures used eslint-plugin-n's `no-process-exit`).
// Every configuration lints the same files in this process, one run per round, in an order that rotates
// every round; CPU time of the process is the main figure, wall time is printed beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchArguments, formatComparison } from '@ws-compat/bench';
import { ESLint } from 'eslint';
import plugin from '../dist/index.mjs';
import { writeProject } from './project.mjs';
import { formatSpread, lintTimeMs, ruleTimeMs } from './rule-stats.mjs';
import { compareSlow } from './slow-rounds.mjs';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const { json, rounds } = benchArguments(argv, { rounds: 7 });
const option = (name) => {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
};
const fileCount = Number(option('--files') ?? 2000);
const peerPluginDir = option('--peer-plugin');
const peerRule = option('--peer-rule');
if ((peerPluginDir === undefined) !== (peerRule === undefined)) {
  throw new TypeError(
    '--peer-plugin <dir> and --peer-rule <name> go together, e.g. --peer-rule no-process-exit',
  );
}

const root = mkdtempSync(join(tmpdir(), 'ws-compat-eslint-bench-'));
writeProject(root, fileCount);

const base = { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } };
const withRules = (plugins, rules) => [base, { files: ['**/*.js'], plugins, rules }];
// A rule that registers no listeners: what ESLint itself costs once any rule is configured.
const emptyPlugin = { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };

const NO_RULES = 'ESLint, no rules';
const EMPTY_RULE = 'ESLint + one empty rule (no listeners)';
const candidates = [
  { name: NO_RULES, config: [base], control: true },
  { name: EMPTY_RULE, config: withRules({ control: emptyPlugin }, { 'control/empty': 'error' }) },
  {
    name: 'ESLint + core rule no-debugger (peer)',
    config: withRules({}, { 'no-debugger': 'error' }),
    note: "one of ESLint's own rules, one listener (DebuggerStatement): the fixed cost without any plugin",
  },
  {
    name: 'ESLint + @ws-compat (5 rules, strict)',
    config: withRules({ '@ws-compat': plugin }, plugin.configs.strict.rules),
  },
  {
    name: 'ESLint + one empty rule, extend patched (diagnosis)',
    config: withRules({ control: emptyPlugin }, { 'control/empty': 'error' }),
    patched: true,
    note: 'FileContext#extend copies the file context instead of making it the prototype of each rule context',
  },
  {
    name: 'ESLint + @ws-compat (5 rules), extend patched (diagnosis)',
    config: withRules({ '@ws-compat': plugin }, plugin.configs.strict.rules),
    patched: true,
  },
];
if (peerPluginDir !== undefined) {
  // CommonJS resolution takes a package folder (its "main"); ESM's would not.
  const peer = require(resolve(peerPluginDir));
  const { version } = require(join(resolve(peerPluginDir), 'package.json'));
  candidates.push({
    name: `ESLint + ${peer.meta?.name ?? 'peer'}@${version} rule ${peerRule} (peer)`,
    config: withRules({ peer }, { [`peer/${peerRule}`]: 'error' }),
  });
}

// The diagnosis (README, "Performance"): ESLint 9's FileContext#extend builds every rule context with
// `Object.create(fileContext)`, which makes each file's context object a prototype. The same
// method without that (a copy of the context's own fields on a new object) is swapped in around the runs
// of the "extend patched" candidates only, to show what the fixed cost is made of.
const { FileContext } = require(join(dirname(require.resolve('eslint')), 'linter', 'file-context.js'));
const originalExtend = FileContext.prototype.extend;
function copyingExtend(extension) {
  return Object.freeze(Object.assign(Object.create(FileContext.prototype), this, extension));
}
async function withCopyingExtend(run) {
  FileContext.prototype.extend = copyingExtend;
  try {
    return await run();
  } finally {
    FileContext.prototype.extend = originalExtend;
  }
}

async function lint(config, stats = false) {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: config,
    cache: false,
    stats,
  });
  const results = await eslint.lintFiles(['src']);
  return stats ? results : results.reduce((sum, result) => sum + result.messages.length, 0);
}

// ESLint's own per-rule timing (`stats: true`, see rule-stats.mjs for what it includes): runs of their own
// in the same rotation (the timers slow every listener call, so the CPU rows above never have them on).
// Each records one value per run; the first run (the harness's warm-up round) is dropped below.
const ownRuleIds = (ruleId) => ruleId.startsWith('@ws-compat/');
const statsRuns = {
  noRules: [], // ESLint's lint time of all files with no rules (ms)
  plugin: [], // the five rules' create() + listener time (ms)
  empty: [], // the empty rule's create() time: what the timers charge a rule that does nothing (ms)
  patched: [], // the five rules' time with ESLint's extend patched (no GC from its prototype chains) (ms)
  perRule: {}, // each plugin rule's time (ms)
};
const statsCandidates = [
  {
    name: 'stats on: ESLint, no rules',
    fn: async () => statsRuns.noRules.push(lintTimeMs(await lint(candidates[0].config, true))),
    note: "ESLint's timers on; its per-file lint time is the denominator of the plugin's own cost",
  },
  {
    name: 'stats on: ESLint + one empty rule',
    fn: async () =>
      statsRuns.empty.push(
        ruleTimeMs(await lint(candidates[1].config, true), (id) => id === 'control/empty'),
      ),
  },
  {
    name: 'stats on: ESLint + @ws-compat (5 rules)',
    fn: async () => {
      const results = await lint(candidates[3].config, true);
      statsRuns.plugin.push(ruleTimeMs(results, ownRuleIds));
      for (const ruleId of Object.keys(plugin.configs.strict.rules)) {
        statsRuns.perRule[ruleId] ??= [];
        statsRuns.perRule[ruleId].push(ruleTimeMs(results, (id) => id === ruleId));
      }
    },
  },
  {
    name: 'stats on: ESLint + @ws-compat (5 rules), extend patched',
    fn: () =>
      withCopyingExtend(async () =>
        statsRuns.patched.push(ruleTimeMs(await lint(candidates[3].config, true), ownRuleIds)),
      ),
    note: "the timers measure wall time: this run keeps the GC that ESLint's extend causes out of the rules' time",
  },
];

/** The plugin's own cost per round, from ESLint's timers, over the no-rules lint time of the same round. */
function ownCost() {
  const drop = (values) => values.slice(1); // the warm-up round
  const noRules = drop(statsRuns.noRules);
  const pluginMs = drop(statsRuns.plugin);
  const emptyMs = drop(statsRuns.empty);
  const patchedMs = drop(statsRuns.patched);
  const perRound = (numerators, denominators) => numerators.map((value, i) => value / denominators[i]);
  return {
    rounds: pluginMs.length,
    pluginRuleMs: pluginMs,
    emptyRuleMs: emptyMs,
    noRulesLintMs: noRules,
    overNoRulesLintTime: perRound(pluginMs, noRules),
    patchedRuleMs: patchedMs,
    patchedOverNoRulesLintTime: perRound(patchedMs, noRules),
    emptyOverNoRulesLintTime: perRound(emptyMs, noRules),
    perRuleOverNoRulesLintTime: Object.fromEntries(
      Object.entries(statsRuns.perRule).map(([ruleId, values]) => [ruleId, perRound(drop(values), noRules)]),
    ),
  };
}

function formatOwnCost(own) {
  const ms = (values) => formatSpread(values, 0);
  const pct = (values) =>
    formatSpread(
      values.map((v) => v * 100),
      1,
    );
  return [
    `The plugin's own cost as ESLint times it (stats: create() + listeners), ${own.rounds} rounds, median [quartiles] (range):`,
    `  ESLint's lint time of all files, no rules (stats total): ${ms(own.noRulesLintMs)} ms`,
    `  the five rules' time: ${ms(own.pluginRuleMs)} ms`,
    `  = ${pct(own.overNoRulesLintTime)} % of the no-rules lint time (target: under 15 %)`,
    `  with ESLint's extend patched: ${ms(own.patchedRuleMs)} ms = ${pct(own.patchedOverNoRulesLintTime)} %`,
    ...Object.entries(own.perRuleOverNoRulesLintTime).map(([id, v]) => `    ${id}: ${pct(v)} %`),
    `  control, one empty rule's time (create() only): ${ms(own.emptyRuleMs)} ms = ${pct(own.emptyOverNoRulesLintTime)} %`,
  ].join('\n');
}

try {
  // The rules run: no rules report nothing, the plugin reports the planted shapes.
  const [none, withPlugin] = [await lint(candidates[0].config), await lint(candidates[3].config)];
  if (none !== 0 || withPlugin === 0) {
    throw new Error(`sanity: no rules gave ${none} reports, the plugin ${withPlugin}`);
  }
  const result = await compareSlow({
    title: `ESLint ${ESLint.version} on ${fileCount} generated files, Node ${process.version}`,
    tasks: [
      ...candidates.map(({ name, config, control, note, patched }) => ({
        name,
        fn: patched ? () => withCopyingExtend(() => lint(config)) : () => lint(config),
        ...(control ? { control } : {}),
        ...(note ? { note } : {}),
      })),
      ...statsCandidates,
    ],
    rounds,
    controls: [EMPTY_RULE],
    onRound: json ? undefined : (round, total) => process.stderr.write(`round ${round}/${total}\n`),
  });
  const own = ownCost();
  if (json) {
    console.log(
      JSON.stringify(
        {
          files: fileCount,
          reports: withPlugin,
          eslint: ESLint.version,
          node: process.version,
          ownCost: own,
          ...result,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(`${formatComparison(result.cpu)}\n`);
    for (const over of result.cpuOver) console.log(`${formatComparison(over)}\n`);
    console.log(`${formatComparison(result.wall)}\n`);
    console.log(formatOwnCost(own));
    console.log(`\n(${withPlugin} reports from the plugin on the generated project)`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
