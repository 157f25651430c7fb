// @ts-check
/**
 * Benchmarks the built package (dist/) against named peers on the five workloads of issue 3.
 *
 *   pnpm --filter @ws-compat/query-params bench            # table
 *   pnpm --filter @ws-compat/query-params bench --json     # table + reports/bench.json
 *   node bench/bench.mjs --rounds 3 --only tiny,typical-get  # fewer rounds, some workloads
 *
 * The machine is shared, so nothing here is an absolute claim. The harness (@ws-compat/bench) measures every
 * peer in the same process with mitata, keeps every result alive, interleaves the peers in a rotating order
 * over rounds, and runs ours twice (the second run is an A/A control). A time is the median over rounds of
 * mitata's p50; a ratio is peer time / our time taken within each round, median over rounds, with its
 * quartiles: above 1 means we are faster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import querystring from 'node:querystring';
import { fileURLToPath } from 'node:url';
import { benchArguments, compare, formatTime } from '@ws-compat/bench';
import fastQuerystring from 'fast-querystring';
import { do_not_optimize } from 'mitata';
import qs from 'qs';
import { parseQuery } from '../dist/index.mjs';
import { invalidCount, jwtToken, workloads } from './workloads.mjs';

const args = process.argv.slice(2);
const writeJson = args.includes('--json');
const { rounds } = benchArguments(args, { rounds: 7 });
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? String(args[onlyArg + 1]).split(',') : null;
const selected = only === null ? workloads : workloads.filter((workload) => only.includes(workload.id));
const minCpuTime = 50e6; // ns per peer per round

/** Targets of issue 3: fast-querystring time / our time, and extra ones against other peers. */
const targets = {
  'typical-get': { 'fast-querystring': 1.5 },
  'typical-object': { 'fast-querystring': 1.2 },
  tiny: { 'fast-querystring': 1.0 },
  'utf8-object': { 'fast-querystring': 1.2, 'node:querystring': 1.0 },
  'invalid-object': { 'fast-querystring': 1.0, 'URLSearchParams + fromEntries': 8 },
};

/**
 * @typedef {{ id: string; title: string; query: string; read: string }} Workload
 * @typedef {(query: string) => unknown} Run
 * @typedef {{ name: string; token: Run; tiny: Run; object: Run }} Peer
 */

const unlimited = { maxParams: Infinity };

// `get` workloads read `token` and `room` (1) or `a` (3); `object` workloads build a plain object (2, 4, 5).
/** @type {Peer[]} */
const peers = [
  {
    name: '@ws-compat/query-params',
    token: (query) => {
      const params = parseQuery(query);
      do_not_optimize(params.get('token'));
      return params.get('room');
    },
    tiny: (query) => parseQuery(query).get('a'),
    object: (query) => parseQuery(query, query.length > 4096 ? unlimited : undefined).toObject(),
  },
  {
    name: 'fast-querystring',
    token: (query) => {
      const result = fastQuerystring.parse(query);
      do_not_optimize(result.token);
      return result.room;
    },
    tiny: (query) => fastQuerystring.parse(query).a,
    object: (query) => fastQuerystring.parse(query),
  },
  {
    name: 'node:querystring',
    token: (query) => {
      const result = querystring.parse(query);
      do_not_optimize(result.token);
      return result.room;
    },
    tiny: (query) => querystring.parse(query).a,
    // maxKeys 0: no limit, so workload 5 is parsed whole like everyone else's.
    object: (query) => querystring.parse(query, '&', '=', { maxKeys: 0 }),
  },
  {
    name: 'new URL().searchParams',
    token: (query) => {
      const params = new URL('http://h/?' + query).searchParams;
      do_not_optimize(params.get('token'));
      return params.get('room');
    },
    tiny: (query) => new URL('http://h/?' + query).searchParams.get('a'),
    object: (query) => Object.fromEntries(new URL('http://h/?' + query).searchParams),
  },
  {
    name: 'URLSearchParams + fromEntries',
    token: (query) => {
      const params = new URLSearchParams(query);
      do_not_optimize(params.get('token'));
      return params.get('room');
    },
    tiny: (query) => new URLSearchParams(query).get('a'),
    object: (query) => Object.fromEntries(new URLSearchParams(query)),
  },
  {
    name: 'qs',
    token: (query) => {
      const result = qs.parse(query);
      do_not_optimize(result.token);
      return result.room;
    },
    tiny: (query) => qs.parse(query).a,
    object: (query) => qs.parse(query, { parameterLimit: Infinity }),
  },
];

/** @param {Workload} workload @param {Peer} peer @returns {() => unknown} */
function task(workload, peer) {
  const query = workload.query;
  const run = workload.id === 'typical-get' ? peer.token : workload.id === 'tiny' ? peer.tiny : peer.object;
  return () => run(query);
}

// Every peer must read the same thing before its time means anything.
for (const workload of workloads) {
  for (const peer of peers) {
    const result = /** @type {any} */ (task(workload, peer)());
    if (workload.id === 'typical-get' && result !== 'general') throw new Error(`${peer.name} misread room`);
    if (workload.id === 'tiny' && result !== '1') throw new Error(`${peer.name} misread a`);
    if (workload.id === 'typical-object' && result.token !== jwtToken)
      throw new Error(`${peer.name} misread token`);
    if (workload.id === 'invalid-object' && Object.keys(result).length !== invalidCount) {
      throw new Error(`${peer.name} kept ${Object.keys(result).length} of ${invalidCount} parameters`);
    }
  }
}

// Where a peer does not do the same work, the ratio compares different semantics: say so beside it.
/** @type {Record<string, Record<string, string>>} */
const semantics = {
  'invalid-object': {
    'fast-querystring':
      'different semantics: keeps `%C3%28` undecoded (its decoder gives up on invalid UTF-8); ours decodes to U+FFFD as WHATWG does',
    qs: 'different semantics: keeps `%C3%28` undecoded; ours decodes to U+FFFD as WHATWG does',
  },
  'utf8-object': {},
};

/** @type {import('@ws-compat/bench').Comparison[]} */
const comparisons = [];
for (const workload of selected) {
  process.stderr.write(`${workload.title}\n`);
  comparisons.push(
    await compare({
      title: workload.title,
      rounds,
      minCpuTimeNs: minCpuTime,
      onRound: (round, total) => process.stderr.write(`round ${round}/${total}\r`),
      tasks: peers.map((peer, index) => {
        const note = semantics[workload.id]?.[peer.name];
        return {
          name: peer.name,
          fn: task(workload, peer),
          ...(index === 0 ? { control: true } : {}),
          ...(note === undefined ? {} : { note }),
        };
      }),
    }),
  );
}
process.stderr.write('\n');

const ours = /** @type {Peer} */ (peers[0]).name;
const results = selected.map((workload, index) => {
  const comparison = /** @type {import('@ws-compat/bench').Comparison} */ (comparisons[index]);
  const byName = Object.fromEntries(comparison.tasks.map((entry) => [entry.name, entry]));
  const times = Object.fromEntries(peers.map((peer) => [peer.name, byName[peer.name]?.ns.median ?? NaN]));
  const ratios = Object.fromEntries(
    peers.slice(1).map((peer) => [peer.name, byName[peer.name]?.ratio.median ?? NaN]),
  );
  const quartiles = Object.fromEntries(
    comparison.tasks
      .filter((entry) => !entry.control)
      .map((entry) => [entry.name, [entry.ratio.p25, entry.ratio.p75]]),
  );
  const aa = /** @type {import('@ws-compat/bench').Comparison['tasks'][number]} */ (
    comparison.tasks.find((entry) => entry.aa)
  ).ratio;
  const workloadTargets = /** @type {Record<string, number>} */ (
    targets[/** @type {keyof typeof targets} */ (workload.id)]
  );
  const checks = Object.entries(workloadTargets).map(([peer, target]) => ({
    peer,
    target,
    ratio: /** @type {number} */ (ratios[peer]),
    met: /** @type {number} */ (ratios[peer]) >= target,
  }));
  return {
    id: workload.id,
    title: workload.title,
    queryLength: workload.query.length,
    times,
    ratios,
    quartiles,
    aaControl: { median: aa.median, p25: aa.p25, p75: aa.p75 },
    checks,
    notes: semantics[workload.id] ?? {},
  };
});

const header = [
  'workload',
  ...peers.map((peer) => (peer.name === ours ? 'ours' : peer.name)),
  'A/A (ours / ours)',
  'targets',
];
const rows = results.map((result) => [
  result.title,
  ...peers.map((peer) => {
    const time = formatTime(/** @type {number} */ (result.times[peer.name]));
    if (peer.name === ours) return time;
    const [low, high] = /** @type {number[]} */ (result.quartiles[peer.name]);
    const mark = result.notes[peer.name] === undefined ? '' : ' †';
    return `${time} (${result.ratios[peer.name]?.toFixed(2)}x [${low?.toFixed(2)}, ${high?.toFixed(2)}])${mark}`;
  }),
  `${result.aaControl.median.toFixed(2)}x [${result.aaControl.p25.toFixed(2)}, ${result.aaControl.p75.toFixed(2)}]`,
  result.checks
    .map(
      (check) =>
        `${check.met ? 'ok' : 'MISSED'} ${check.ratio.toFixed(2)} >= ${check.target} vs ${check.peer}`,
    )
    .join('; '),
]);

console.log(
  `\n@ws-compat/query-params, Node ${process.version}, ${rounds} interleaved rounds (median of per-round p50; ratio: median [quartiles] of per-round peer time / our time)`,
);
console.log('cells: time per operation (peer time / our time; above 1x we are faster)\n');
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => ' --- ').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
const notes = results.flatMap((result) =>
  Object.entries(result.notes).map(([peer, note]) => `† ${result.title}, ${peer}: ${note}`),
);
if (notes.length > 0) console.log(`\n${notes.join('\n')}`);

const missed = results.flatMap((result) => result.checks.filter((check) => !check.met));
console.log(missed.length === 0 ? '\nall targets met' : `\n${missed.length} target(s) missed`);

if (writeJson) {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'reports', 'bench.json');
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    schema: 2,
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, platform: process.platform, arch: process.arch },
    method: {
      rounds,
      minCpuTimeNs: minCpuTime,
      statistic:
        'median over interleaved rounds of the per-round mitata p50, ns/op; ratios within each round',
    },
    peers: peers.map((peer) => peer.name),
    workloads: results,
    comparisons,
    targetsMet: missed.length === 0,
  };
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
