#!/usr/bin/env node
// @ts-check
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileDescriptorLimits } from './child-process.mjs';
import { packageReadiness } from './packages.mjs';
import { runConcurrencyPart } from './parts/concurrency.mjs';
import { runConnectPart } from './parts/connect-overhead.mjs';
import { runHandshakePart } from './parts/handshake.mjs';
import { runHostilePart } from './parts/hostile.mjs';
import { runSoakPart } from './parts/soak.mjs';
import { fullPlan, quickPlan } from './plan.mjs';
import {
  evaluateTargets,
  formatBytes,
  formatTable,
  hostileHeapReturnLimitBytes,
  soakHeapGrowthLimitBytes,
} from './report.mjs';

const usage = `pnpm load [--quick] [--only=handshake,connect,concurrency,soak,hostile] [--out=DIR] [--profile] [--strict]

  --quick    a few hundred connections per part, seconds (what pnpm test runs)
  --only     run these parts only (the others are reported as not run)
  --out      directory for load.json and load-details.json (default: tooling/load/reports/load)
  --profile  CPU profiles of both servers of part 1 and of the client of part 2, summarized after the table
  --control  accepted for old scripts: part 1 always runs its A/A control (bare vs a second bare server) now
  --strict   exit with status 1 when a target is missed
  --rounds=N     measured rounds of parts 1 and 2 (default: the plan's; Node's global in part 2 gets
                 the plan's share more)
  --per-block=N  handshakes per block of part 1, connects per block of part 2 (default: the plan's)`;

const partNames = /** @type {const} */ (['handshake', 'connect', 'concurrency', 'soak', 'hostile']);

const { values } = parseArgs({
  // `pnpm run load -- --quick` passes the `--` along.
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    control: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'per-block': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
/**
 * A positive integer option, or the plan's value.
 * @param {string | undefined} text @param {string} name @param {number} fallback
 */
function countOption(text, name, fallback) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer, got '${text}'\n\n${usage}`);
    process.exit(2);
  }
  return value;
}
const basePlan = values.quick ? quickPlan : fullPlan;
/** @type {import('./plan.mjs').LoadPlan} */
const plan = {
  ...basePlan,
  handshake: {
    ...basePlan.handshake,
    rounds: countOption(values.rounds, 'rounds', basePlan.handshake.rounds),
    perBlock: countOption(values['per-block'], 'per-block', basePlan.handshake.perBlock),
  },
  connect: {
    ...basePlan.connect,
    rounds: countOption(values.rounds, 'rounds', basePlan.connect.rounds),
    perBlock: countOption(values['per-block'], 'per-block', basePlan.connect.perBlock),
    // Node's global keeps its share of extra rounds (twice the others' in the full plan).
    nodeGlobalRounds:
      values.rounds === undefined
        ? basePlan.connect.nodeGlobalRounds
        : Math.ceil(
            (countOption(values.rounds, 'rounds', 1) * basePlan.connect.nodeGlobalRounds) /
              basePlan.connect.rounds,
          ),
  },
};
const selected = new Set(values.only ? values.only.split(',').map((name) => name.trim()) : partNames);
for (const name of selected) {
  if (!partNames.includes(/** @type {(typeof partNames)[number]} */ (name))) {
    console.error(`unknown part '${name}'\n\n${usage}`);
    process.exit(2);
  }
}
const outputDirectory = resolve(values.out ?? new URL('../reports/load', import.meta.url).pathname);
mkdirSync(outputDirectory, { recursive: true });

const startedAt = new Date();
const log = (/** @type {string} */ line) =>
  console.log(`[load ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)}s] ${line}`);

// 10,000 held connections need 10,000 descriptors in the server and in the client process.
const descriptorsNeeded = plan.concurrency.connections + 1_024;
const limits = fileDescriptorLimits();
/** @type {number | undefined} */
let fdLimit;
let fdNote;
if (limits.soft >= descriptorsNeeded) {
  fdNote = `open-file limit ${limits.soft} >= ${descriptorsNeeded} needed: not raised`;
} else if (limits.hard >= descriptorsNeeded) {
  fdLimit = descriptorsNeeded;
  fdNote = `open-file limit raised from ${limits.soft} to ${descriptorsNeeded} (ulimit -Sn) for the server and client processes of part 3`;
} else {
  fdLimit = limits.hard;
  fdNote = `open-file limit raised to the hard limit ${limits.hard}, below the ${descriptorsNeeded} needed: part 3 may fail`;
}

log(
  `${plan.name} run on Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${fdNote}`,
);
const readiness = await packageReadiness();
for (const [name, reason] of Object.entries(readiness)) {
  if (reason) log(`not loadable right now (each part retries for 30 s): ${name}: ${reason}`);
}

/** @type {Record<string, string>} */
const partErrors = {};
/** @type {Record<string, unknown>} */
const details = {};

/**
 * @template T
 * @param {(typeof partNames)[number]} name
 * @param {string} title
 * @param {() => Promise<{ summary: T; details: unknown }>} run
 * @returns {Promise<T | null>}
 */
async function part(name, title, run) {
  if (!selected.has(name)) return null;
  log(`${title}...`);
  try {
    const result = await run();
    details[name] = result.details;
    log(`${title}: ${JSON.stringify(result.summary)}`);
    return result.summary;
  } catch (error) {
    partErrors[name] = error instanceof Error ? error.message : String(error);
    log(`${title}: FAILED TO RUN: ${partErrors[name]}`);
    return null;
  }
}

const profileOptions = values.profile ? { profileDirectory: outputDirectory } : {};
const handshake = await part(
  'handshake',
  '1. handshake throughput: bare / trustProxy only, hand-written checks / all checks (withConnectionContext, createUpgradeHandler), bare / bare (A/A), rotating blocks',
  () => runHandshakePart(plan.handshake, profileOptions),
);
const connect = await part(
  'connect',
  "2. connect() vs new WebSocket on ws, undici and Node's global, direct vs direct (A/A), rotating blocks",
  () => runConnectPart(plan.connect, profileOptions),
);
const concurrency = await part(
  'concurrency',
  `3. ${plan.concurrency.connections} concurrent connections`,
  () => runConcurrencyPart(plan.concurrency, fdLimit),
);
const soak = await part('soak', `4. soak, ${plan.soak.cycles} connect/close cycles`, () =>
  runSoakPart(plan.soak),
);
const hostile = await part('hostile', '5. hostile handshakes, 1 honest : 4 hostile', () =>
  runHostilePart(plan.hostile),
);

const hostileDetails = /** @type {{ heapGrowthBytes: number | null } | undefined} */ (details['hostile']);
const summary = { handshake, connect, concurrency, soak, hostile };
// Targets of the parts this run was asked for (`--only` leaves the others out).
const targets = Object.fromEntries(
  Object.entries(
    evaluateTargets(summary, {
      plannedConnections: plan.concurrency.connections,
      hostileHeapGrowthBytes: hostileDetails?.heapGrowthBytes ?? null,
    }),
  ).filter(([name]) => selected.has(name.slice(0, name.indexOf('.')))),
);
/** @type {import('./report.mjs').LoadReport} */
const report = { ...summary, targets };

// The table.
/**
 * The spread of a median of per-round ratios, as the table prints it.
 *
 * @param {{ interval95: number[]; quartiles: number[]; range: number[] }} pair
 */
const intervalText = (pair) => {
  const text = (/** @type {number[]} */ values) => values.map((value) => value.toFixed(3)).join('-');
  return `95% interval ${text(pair.interval95)}, quartiles ${text(pair.quartiles)}, range ${text(pair.range)}`;
};
const yes = (/** @type {boolean | undefined} */ value) =>
  value === undefined ? '' : value ? 'pass' : 'MISS';
/** @type {string[][]} */
const rows = [];
const notRun = (/** @type {string} */ name) =>
  partErrors[name] ? 'not run: failed, see the log above' : 'not run';
if (handshake) {
  const handshakeDetails =
    /** @type {{ pairs: Record<string, { ratio: number; quartiles: number[]; range: number[]; interval95: number[]; serverCpuRatio: number | null }>; serverCpuMicrosPerHandshake: Record<string, number | null> } | undefined} */ (
      details['handshake']
    );
  const cpuMicros = handshakeDetails?.serverCpuMicrosPerHandshake ?? {};
  /** @param {string} name @param {string} a @param {string} b */
  const spreadText = (name, a, b) => {
    const pair = handshakeDetails?.pairs[name];
    if (!pair) return '';
    const cpu =
      pair.serverCpuRatio === null
        ? ''
        : `; CPU ${cpuMicros[a]} / ${cpuMicros[b]} µs (${pair.serverCpuRatio.toFixed(3)})`;
    return `${intervalText(pair)}${cpu}`;
  };
  // One pair per ratio: the two servers' rates, the ratio against its target, its spread.
  const pairs = /** @type {const} */ ([
    ['bare ws@8 / trustProxy only', handshake.bare, handshake.ours, 'ratio', 'bare', 'proxy'],
    [
      'hand-written checks / all checks',
      handshake.handWritten,
      handshake.oursAllChecks,
      'vsHandWritten',
      'hand',
      'context',
    ],
    [
      'hand-written / all checks via createUpgradeHandler',
      handshake.handWritten,
      handshake.upgradeAllChecks,
      'vsHandWrittenUpgrade',
      'hand',
      'upgrade',
    ],
  ]);
  for (const [index, [title, controlRate, subjectRate, name, control, subject]] of pairs.entries()) {
    rows.push([
      index === 0 ? '1 handshake' : '',
      title,
      `${controlRate} / ${subjectRate} handshakes/s`,
      '',
      '',
    ]);
    const target = `handshake.${name}>=0.97`;
    rows.push([
      '',
      `${name} (median of rounds)`,
      handshake[name].toFixed(3),
      '>= 0.97',
      yes(targets[target]),
    ]);
    rows.push(['', '', spreadText(name, control, subject), '', '']);
  }
  rows.push(['', 'control: bare vs bare (A/A)', handshake.control.toFixed(3), '~1', '']);
  rows.push(['', '', spreadText('control', 'bare', 'bareControl'), '', '']);
} else if (selected.has('handshake')) rows.push(['1 handshake', notRun('handshake'), '', '>= 0.97', 'MISS']);
if (connect) {
  const clients =
    /** @type {{ clients?: { client: string; ratio: import('./alternate.mjs').PairSummary; control: import('./alternate.mjs').PairSummary; clientCpuMicrosPerConnect: { direct: number; connect: number } | null; directPerSecond: number; connectPerSecond: number }[] } | undefined} */ (
      details['connect']
    )?.clients;
  for (const entry of connect) {
    const measured = clients?.find((row) => row.client === entry.client);
    rows.push([
      '2 connect()',
      `${entry.client} ratio`,
      entry.ratio.toFixed(3),
      '>= 0.97',
      yes(targets[`connect.${entry.client}.ratio>=0.97`]),
    ]);
    if (measured) rows.push(['', '', intervalText(measured.ratio), '', '']);
    rows.push(['', 'control: direct vs direct (A/A)', entry.control.toFixed(3), '~1', '']);
    if (measured) {
      rows.push(['', '', intervalText(measured.control), '', '']);
      const rates = `${measured.directPerSecond} / ${measured.connectPerSecond} per s`;
      rows.push(['', 'new WebSocket / connect(), median rates', rates, '', '']);
      if (measured.clientCpuMicrosPerConnect && measured.ratio.cpuRatio !== null) {
        const { direct, connect: viaConnect } = measured.clientCpuMicrosPerConnect;
        const cpuText = `${direct} / ${viaConnect} µs (${measured.ratio.cpuRatio.toFixed(3)})`;
        rows.push(['', 'client CPU per connect, direct / connect()', cpuText, '', '']);
      }
    }
  }
} else if (selected.has('connect')) rows.push(['2 connect()', notRun('connect'), '', '>= 0.97', 'MISS']);
if (concurrency) {
  rows.push([
    '3 concurrency',
    'connections held',
    String(concurrency.connections),
    String(plan.concurrency.connections),
    yes(targets['concurrency.allConnectionsHeld']),
  ]);
  rows.push(['', 'errors', String(concurrency.errors), '0', yes(targets['concurrency.zeroErrors'])]);
  rows.push(['', 'server heap / connection', formatBytes(concurrency.heapPerConnectionBytes), '', '']);
  rows.push(['', 'server RSS / connection', formatBytes(concurrency.rssPerConnectionBytes), '', '']);
} else if (selected.has('concurrency')) rows.push(['3 concurrency', notRun('concurrency'), '', '', 'MISS']);
if (soak) {
  rows.push([
    '4 soak',
    `heap growth over ${soak.cycles} cycles`,
    formatBytes(soak.heapGrowthBytes),
    `< ${formatBytes(soakHeapGrowthLimitBytes)}`,
    yes(targets['soak.heapGrowth<5MB']),
  ]);
  rows.push(['', 'errors', String(soak.errors), '0', yes(targets['soak.zeroErrors'])]);
} else if (selected.has('soak')) rows.push(['4 soak', notRun('soak'), '', '', 'MISS']);
if (hostile) {
  rows.push([
    '5 hostile',
    `honest failed (of ${hostile.honest})`,
    String(hostile.honestFailed),
    '0',
    yes(targets['hostile.honestAllEchoed']),
  ]);
  rows.push([
    '',
    `unexpected status (of ${hostile.hostile})`,
    String(hostile.unexpectedStatus),
    '0',
    yes(targets['hostile.exactStatuses']),
  ]);
  rows.push([
    '',
    'server crashed',
    String(hostile.serverCrashed),
    'false',
    yes(targets['hostile.serverAlive']),
  ]);
  const growth = hostileDetails?.heapGrowthBytes;
  rows.push([
    '',
    'heap after vs baseline',
    growth === null || growth === undefined ? 'n/a' : formatBytes(growth),
    `< ${formatBytes(hostileHeapReturnLimitBytes)}`,
    yes(targets['hostile.memoryBackToBaseline']),
  ]);
} else if (selected.has('hostile')) rows.push(['5 hostile', notRun('hostile'), '', '', 'MISS']);
console.log('\n' + formatTable(['part', 'measure', 'value', 'target', ''], rows));

const perKind =
  /** @type {{ perKind?: { name: string; expected: string; sent: number; unexpected: number; samples: string[] }[] } | undefined} */ (
    details['hostile']
  )?.perKind;
if (perKind) {
  console.log(
    '\n' +
      formatTable(
        ['hostile kind', 'expected', 'sent', 'unexpected', 'first problem'],
        perKind.map((row) => [
          row.name,
          row.expected,
          String(row.sent),
          String(row.unexpected),
          row.samples[0] ?? '',
        ]),
      ),
  );
}

/** @typedef {import('./profile-summary.mjs').ProfileSummary} ProfileSummary */
const handshakeProfiles =
  /** @type {{ profiles?: { bare: ProfileSummary | null; context: ProfileSummary | null } | null } | undefined} */ (
    details['handshake']
  )?.profiles;
const clientProfile = /** @type {{ profile?: ProfileSummary | null } | undefined} */ (details['connect'])
  ?.profile;
/** @type {[string, ProfileSummary | null | undefined][]} */
const profiles = [
  ['bare server, part 1', handshakeProfiles?.bare],
  ['context server, part 1', handshakeProfiles?.context],
  ['client process, part 2', clientProfile],
];
for (const [title, profile] of profiles) {
  if (!profile) continue;
  console.log(`\nCPU profile, ${title}: ${profile.totalMs} ms sampled, idle excluded (${profile.file})`);
  console.log(
    formatTable(
      ['area', 'self ms', 'share'],
      profile.areas.map((row) => [row.area, String(row.ms), `${row.share}%`]),
    ),
  );
  console.log(
    '\n' +
      formatTable(
        ['charged to the nearest library frame', 'ms', 'share'],
        profile.charged.map((row) => [row.area, String(row.ms), `${row.share}%`]),
      ),
  );
  const functionRows = (/** @type {ProfileSummary['functions']} */ rows) =>
    rows.map((row) => [row.name, row.area, String(row.ms), `${row.share}%`]);
  console.log(
    '\n' + formatTable(['function (self time)', 'area', 'ms', 'share'], functionRows(profile.functions)),
  );
  if (profile.ours.length > 0) {
    console.log(
      '\n' +
        formatTable(['our function (inclusive time)', 'area', 'ms', 'share'], functionRows(profile.ours)),
    );
  }
}

const fileReport = resolve(outputDirectory, 'load.json');
const fileDetails = resolve(outputDirectory, 'load-details.json');
writeFileSync(fileReport, JSON.stringify(report, null, 2) + '\n');
writeFileSync(
  fileDetails,
  JSON.stringify(
    {
      plan,
      environment: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: cpus().length,
        fd: fdNote,
      },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      packageReadiness: readiness,
      partErrors,
      ...details,
    },
    null,
    2,
  ) + '\n',
);
const missed = Object.entries(targets)
  .filter(([, passed]) => !passed)
  .map(([name]) => name);
console.log(`\n${missed.length === 0 ? 'all targets passed' : `targets missed: ${missed.join(', ')}`}`);
console.log(`wrote ${fileReport}\n      ${fileDetails}`);
process.exitCode = Object.keys(partErrors).length > 0 || (values.strict && missed.length > 0) ? 1 : 0;
