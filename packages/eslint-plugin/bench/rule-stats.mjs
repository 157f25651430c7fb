// The plugin's own cost as ESLint measures it: with the `stats: true` option ESLint 9 times, per file and per
// rule, the rule's `create(context)` call and every call of its listeners (process.hrtime around each, so
// wall time of the rule's own code: the reports it builds, their suggestion fixes, and any GC pause or
// preemption that falls inside it). Not included: ESLint's per-rule set-up (FileContext#extend, the
// listener wrappers, `visitor.add`), the dispatch of traversal events to the listeners, GC outside the
// listeners, parsing, scope analysis, traversal, disable directives and sorting the messages.
// See lib/linter/linter.js (runRules: timing.time around createRuleListeners and each listener) and
// lib/linter/timing.js, lib/shared/stats.js in ESLint 9.39.
import { median, quantile } from '@ws-compat/bench';

/** Sums the per-rule times (ms) of one lint run's results for the rules whose id passes `keep`. */
export function ruleTimeMs(results, keep) {
  let sum = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [ruleId, { total }] of Object.entries(pass.rules ?? {})) {
        if (keep(ruleId)) sum += total;
      }
    }
  }
  return sum;
}

/** Sums ESLint's own per-file lint time (ms; every pass: parse, rules, fixes) of one run's results. */
export function lintTimeMs(results) {
  let sum = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) sum += pass.total ?? 0;
  }
  return sum;
}

/** Median and quartiles of per-round values, as `0.123 [0.100, 0.140] (min-max)`. */
export function formatSpread(values, digits = 3) {
  const f = (v) => v.toFixed(digits);
  const sorted = [...values].sort((a, b) => a - b);
  return `${f(median(values))} [${f(quantile(values, 0.25))}, ${f(quantile(values, 0.75))}] (${f(sorted[0])}-${f(sorted.at(-1))})`;
}
