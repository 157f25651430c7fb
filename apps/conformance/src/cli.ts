import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mergeMatrices } from './merge.js';
import type { Matrix } from './model.js';
import { Progress } from './progress.js';
import { renderCompatibilityDoc } from './report/docs.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSummaryTable } from './report/terminal.js';
import { defaultConcurrency, runMatrix } from './run.js';
import { parseShard } from './shard.js';
import { exitCodeFor } from './status.js';
import { isCi } from './strict.js';

export const USAGE = `Usage:
  conformance [--clients ws@8,undici@5,...] [--servers ws@2,...] [--scenarios id,...] [--runtimes node@22,...]
              [--quick] [--shard i/n] [--out DIR] [--no-browser] [--json] [--concurrency N] [--require-all]
  conformance merge FILE.json... [--out DIR] [--require-all]
  conformance docs [--from FILE.json] [--to FILE.md]
Exit codes: 0 green; 1 a cell failed or passed against its declaration, or (with --require-all, which
CI=true turns on) a cell was skipped; 2 a usage error.`;

const DEFAULT_OUT = 'reports/conformance';

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Writes matrix.json, matrix.md and matrix.html into `out`. */
export async function writeReports(matrix: Matrix, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
  await writeFile(join(out, 'matrix.md'), renderMarkdown(matrix));
  await writeFile(join(out, 'matrix.html'), renderHtml(matrix));
}

/** The app's directory, from the built CLI (dist/) or the sources (src/). */
function appDirectory(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/**
 * Paths given on the command line are relative to where the user typed the command (`INIT_CWD` under
 * pnpm, which runs the script in the app's directory).
 */
function userPath(path: string): string {
  return resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

/**
 * The exit code of a finished run or merge; with `requireAll`, skipped cells make it 1 and a line on
 * stderr says so (the skipped cells and their reasons are in the summary printed before it).
 */
function finish(matrix: Matrix, requireAll: { on: boolean; why: string }): 0 | 1 {
  const code = exitCodeFor(matrix.summary, { requireAll: requireAll.on });
  if (requireAll.on && matrix.summary.skipped > 0) {
    const count = matrix.summary.skipped;
    process.stderr.write(
      `${requireAll.why}: ${count} skipped ${count === 1 ? 'cell fails' : 'cells fail'} this run, because every cell must run here. ` +
        'Each "skipped:" line above says which and why: install what is missing, or run without --require-all (and without CI) to allow skips.\n',
    );
  }
  return code;
}

/**
 * Runs the CLI; returns the exit code.
 *
 * @param argv the arguments after the script name
 * @param env where `CI` is read from: a CI run requires every cell to run, like `--require-all`
 */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    // `pnpm run conformance -- --quick` hands the `--` over as an argument (pnpm 10); it separates nothing here
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    allowPositionals: true,
    options: {
      clients: { type: 'string' },
      servers: { type: 'string' },
      scenarios: { type: 'string' },
      runtimes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      shard: { type: 'string' },
      out: { type: 'string' },
      browser: { type: 'boolean', default: true },
      'no-browser': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'require-all': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const requireAll = values['require-all']
    ? { on: true, why: '--require-all' }
    : { on: isCi(env), why: `--require-all (on because CI=${env['CI']})` };
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = values.out === undefined ? join(appDirectory(), DEFAULT_OUT) : userPath(values.out);
  const command = positionals[0];

  if (command === 'merge') {
    const files = positionals.slice(1);
    if (files.length === 0) throw new TypeError(`merge needs at least one matrix.json\n${USAGE}`);
    const parts = await Promise.all(
      files.map(async (file) => ({
        name: file,
        matrix: JSON.parse(await readFile(userPath(file), 'utf8')) as unknown,
      })),
    );
    const merged = mergeMatrices(parts);
    await writeReports(merged, out);
    process.stdout.write(`${renderSummaryTable(merged)}\nreports in ${out}\n`);
    return finish(merged, requireAll);
  }

  if (command === 'docs') {
    const from =
      values.from === undefined ? join(appDirectory(), DEFAULT_OUT, 'matrix.json') : userPath(values.from);
    const to =
      values.to === undefined
        ? join(appDirectory(), '..', '..', 'docs', 'compatibility.md')
        : userPath(values.to);
    const matrix = JSON.parse(await readFile(from, 'utf8')) as Matrix;
    if (matrix.environment['shard'] !== undefined) {
      throw new TypeError(`${from} is one shard (${matrix.environment['shard']}); merge the shards first`);
    }
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, renderCompatibilityDoc(matrix));
    process.stdout.write(`wrote ${to} from ${from}\n`);
    return 0;
  }

  if (command !== undefined) throw new TypeError(`unknown command "${command}"\n${USAGE}`);

  const concurrency = values.concurrency === undefined ? defaultConcurrency() : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`--concurrency must be a positive integer (got "${values.concurrency}")`);
  }
  const json = values.json;
  const stream = json ? process.stderr : process.stdout;
  const write = (text: string): void => {
    stream.write(text);
  };
  let progress: Progress | null = null;
  const started = Date.now();
  const matrix = await runMatrix({
    clients: list(values.clients),
    servers: list(values.servers),
    scenarios: list(values.scenarios),
    runtimes: list(values.runtimes),
    quick: values.quick,
    shard: values.shard === undefined ? null : parseShard(values.shard),
    browser: values.browser && !values['no-browser'],
    concurrency,
    // startup lines (runtimes, children ready) come before the first cell, so they never split the progress line
    onLog: (line) => write(`${line}\n`),
    onProgress: (event) => {
      if (event.type === 'planned') {
        progress = new Progress({ total: event.total, live: Boolean(stream.isTTY) && !json, write });
      } else progress?.cell(event.cell);
    },
  });
  (progress as Progress | null)?.finish();
  await writeReports(matrix, out);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  write(`${renderSummaryTable(matrix)}\nwall time ${seconds} s; reports in ${out}\n`);
  if (json) process.stdout.write(`${JSON.stringify(matrix, null, 2)}\n`);
  return finish(matrix, requireAll);
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
