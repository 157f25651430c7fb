// Runs `all` over a generated tree of 2,000 files (varied sizes, 10% matching) with the built bin,
// several times, and reports the median files per second and the peak memory (main + workers).
// Usage: node bench/index.mjs [--files 2000] [--rounds 5] [--json]
// Statistics and arguments come from the one harness, @ws-compat/bench (`spread`, `benchArguments`);
// imported by path because it is not (yet) a devDependency of this package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArguments, spread } from '@ws-compat/bench';

const argv = process.argv.slice(2);
const { json, rounds: RUNS } = benchArguments(argv, { rounds: 5 });
const filesIndex = argv.indexOf('--files');
const FILES = filesIndex === -1 ? 2000 : Number(argv[filesIndex + 1]);
if (!Number.isInteger(FILES) || FILES < 10)
  throw new RangeError(`--files must be an integer of 10 or more, got ${argv[filesIndex + 1]}`);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.mjs');

const MATCHING = [
  (i) => `const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: ${i} });
wss.on('connection', (ws) => {
  const url = ws.upgradeReq.url;
  ws.on('message', (message) => {
    if (message === 'ping') ws.send('pong');
  });
});
`,
  (i) => `import { WebSocket } from 'undici';
export const socket${i} = new WebSocket('wss://example.com/${i}', ['chat'], { headers: { 'X-Id': '${i}' } });
`,
  (i) => `import type { IncomingMessage } from 'node:http';
export function room${i}(req: IncomingMessage): string | null {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  return params.get('room');
}
`,
  (i) => `export const ip${i} = (req) => req.headers['x-forwarded-for'].split(',')[0];
`,
];

/** A non-matching module of about `lines` lines: plain code the prefilter should skip unparsed. */
function filler(i, lines) {
  const out = [`// module ${i}`, `export function f${i}(input) {`, '  let total = 0;'];
  for (let k = 0; k < lines; k++) out.push(`  total += input.length * ${k} + ${i}; // line ${k}`);
  out.push('  return total;', '}', '');
  return out.join('\n');
}

function generate(root) {
  for (let i = 0; i < FILES; i++) {
    const folder = join(root, `pkg${i % 20}`, `dir${i % 7}`);
    mkdirSync(folder, { recursive: true });
    const size = [10, 40, 120, 400][i % 4];
    if (i % 10 === 0) {
      const shape = (i / 10) % MATCHING.length;
      const extension = shape === 2 ? 'ts' : shape === 1 ? 'mjs' : 'js';
      writeFileSync(join(folder, `m${i}.${extension}`), MATCHING[shape](i) + filler(i, size));
    } else {
      writeFileSync(join(folder, `f${i}.${i % 3 === 0 ? 'ts' : 'js'}`), filler(i, size));
    }
  }
}

const results = [];
for (let run = 0; run < RUNS; run++) {
  const root = mkdtempSync(join(tmpdir(), 'ws-compat-codemod-bench-'));
  try {
    generate(root);
    // The bin runs inside a small wrapper that prints its own peak RSS on exit: worker threads share
    // the process, so maxRSS covers the whole codemod.
    const wrapper = join(root, '..', `${root.split('/').pop()}-run.mjs`);
    writeFileSync(
      wrapper,
      `process.argv.splice(1, 1, ${JSON.stringify(bin)});\n` +
        "process.on('exit', () => { const u = process.resourceUsage(); " +
        "process.stderr.write('maxrss=' + u.maxRSS + ' cpu=' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n" +
        `await import(${JSON.stringify(pathToFileURL(bin).href)});\n`,
    );
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [wrapper, 'all', '.', '--json'], {
      cwd: root,
      maxBuffer: 1 << 28,
    });
    rmSync(wrapper);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) throw new Error(`codemod exited ${child.status}: ${child.stderr}`);
    const out = child.stdout;
    const rssKb = Number(/maxrss=(\d+)/.exec(child.stderr.toString())?.[1] ?? 0);
    const cpuMs = Number(/cpu=(\d+)/.exec(child.stderr.toString())?.[1] ?? 0) / 1000;
    const report = JSON.parse(out.toString());
    const changed = report.files.filter((file) => file.status === 'changed').length;
    results.push({ ms, filesPerSecond: (FILES / ms) * 1000, changed, rssKb, cpuMs, load: loadavg()[0] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
const peakRssMb = Math.max(...results.map((r) => r.rssKb)) / 1024;
const perSecond = spread(results.map((r) => r.filesPerSecond));
const wallMs = spread(results.map((r) => r.ms));
const cpuMs = spread(results.map((r) => r.cpuMs));
const changed = spread(results.map((r) => r.changed));
const summary = {
  files: FILES,
  runs: RUNS,
  cores: cpus().length,
  medianMs: Math.round(wallMs.median),
  medianFilesPerSecond: Math.round(perSecond.median),
  filesPerSecondQuartiles: [Math.round(perSecond.p25), Math.round(perSecond.p75)],
  allFilesPerSecond: results.map((r) => Math.round(r.filesPerSecond)),
  changed: changed.median,
  medianCpuMs: Math.round(cpuMs.median),
  filesPerCpuSecond: Math.round((FILES / cpuMs.median) * 1000),
  loadAverage: results.map((r) => r.load.toFixed(1)),
  peakRssMb: Math.round(peakRssMb),
};
if (json) console.log(JSON.stringify(summary));
else {
  console.log(
    `@ws-compat/codemod all: ${FILES} files (10% matching), ${RUNS} runs on ${summary.cores} cores`,
  );
  console.log(
    `  median ${summary.medianMs} ms = ${summary.medianFilesPerSecond} files/s [quartiles ${summary.filesPerSecondQuartiles.join(', ')}] (runs in order: ${summary.allFilesPerSecond.join(', ')})`,
  );
  console.log(
    `  ${summary.changed} files changed; peak RSS ${summary.peakRssMb} MB (codemod process and its worker threads)`,
  );
  console.log(
    `  CPU ${summary.medianCpuMs} ms (user + system, all threads) = ${summary.filesPerCpuSecond} files per CPU-second`,
  );
  console.log(
    `  1-minute load average during the runs: ${summary.loadAverage.join(', ')} (2 cores: above 2 means waiting for CPU)`,
  );
}
