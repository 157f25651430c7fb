#!/usr/bin/env node
// @ts-check
// `pnpm release:rehearse`: rehearses a release of this repository against a loopback Verdaccio.
// Run with --help for the options. Exit code 0 only when every stage passed.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_UPLINK,
  planStages,
  runRehearsal,
  STAGES,
  seconds,
} from './rehearsal.js';

/** @typedef {import('./rehearsal.js').StageName} StageName */
import { summarizeFailures } from './rehearsal-failure.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const USAGE = `Usage: pnpm release:rehearse [--] [options]      (or: node tooling/release/src/rehearse.js [options])

Rehearses a release in a temporary copy of the repository: changeset version, pack + publint +
attw on the tarballs, pnpm release to a loopback Verdaccio, then a fresh npm consumer project runs
ESM and CommonJS checks on this Node and on Node 18, and tsc with node16, nodenext and bundler.

Options:
  --source <dir>     repository to rehearse (default: this checkout; it is copied, never changed)
  --stage <name>     run only this stage and the ones it needs (repeatable); stages:
                     ${Object.keys(STAGES).join(', ')}
  --package <name>   build and pack-check only this package (repeatable; not with publish)
  --timeout <s>      give up after this many seconds (default ${DEFAULT_TIMEOUT_MS / 1000})
  --uplink <url>     registry Verdaccio proxies for everything but @ws-compat/* (default ${DEFAULT_UPLINK})
  --keep             keep the temporary directories
  -h, --help         show this help`;

const OPTIONS = /** @type {const} */ ({
  source: { type: 'string' },
  stage: { type: 'string', multiple: true },
  package: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  uplink: { type: 'string' },
  keep: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
});

/**
 * @param {string} message
 * @returns {never}
 */
function usageError(message) {
  process.stderr.write(`release:rehearse: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function readArguments() {
  try {
    // `pnpm release:rehearse -- --help` hands us a leading `--`
    const args = process.argv.slice(2);
    return parseArgs({ args: args[0] === '--' ? args.slice(1) : args, options: OPTIONS }).values;
  } catch (error) {
    return usageError(/** @type {Error} */ (error).message);
  }
}

const values = readArguments();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const stages = values.stage ?? Object.keys(STAGES);
for (const stage of stages) {
  if (!Object.hasOwn(STAGES, stage)) usageError(`unknown stage "${stage}"`);
}
if (values.package !== undefined && planStages(/** @type {StageName[]} */ (stages)).includes('publish')) {
  usageError(
    '--package narrows build and pack-check; a release publishes every package: add --stage pack-check',
  );
}
const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_MS / 1000 : Number(values.timeout);
if (!(timeoutSeconds > 0))
  usageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);

// The stages stop at the time limit; this catches anything that would not (a hung cleanup).
const watchdog = setTimeout(
  () => {
    process.stderr.write(`release:rehearse: still running ${timeoutSeconds + 30} s after start; exiting\n`);
    process.exit(1);
  },
  (timeoutSeconds + 30) * 1000,
);
watchdog.unref();

const result = await runRehearsal({
  source: path.resolve(values.source ?? REPOSITORY_ROOT),
  stages: /** @type {StageName[]} */ (stages),
  timeoutMs: timeoutSeconds * 1000,
  ...(values.uplink === undefined ? {} : { uplink: values.uplink }),
  keep: values.keep ?? false,
  ...(values.package === undefined ? {} : { only: values.package }),
});

const width = Math.max(...result.stages.map((stage) => stage.stage.length));
const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' };
const lines = ['', 'Release rehearsal summary'];
for (const stage of result.stages) {
  lines.push(
    `  ${mark[stage.status]} ${stage.stage.padEnd(width)} ${seconds(stage.durationMs).padStart(6)}  ${stage.note}`,
  );
}
if (result.released.length > 0) {
  lines.push(
    `  released to the local registry: ${result.released.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}`,
  );
}
if (result.failures.length > 0) {
  const distinct = summarizeFailures(result.failures);
  lines.push('', `${distinct.length} problem(s):`);
  for (const line of distinct) lines.push(`  x ${line}`);
}
lines.push(
  '',
  `${result.ok ? 'PASSED' : 'FAILED'}: release rehearsal in ${seconds(result.durationMs)}` +
    `${result.stages.some((stage) => stage.stage === 'registry' && stage.status !== 'skipped') ? '; Verdaccio stopped' : ''}` +
    `; ${values.keep ? `kept ${result.workDirectory}` : 'temporary directories deleted'}`,
);
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = result.ok ? 0 : 1;
