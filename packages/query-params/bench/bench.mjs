// @ts-check
/**
 * Benchmarks the built package (dist/) against named peers on the five workloads of issue 3.
 *
 *   pnpm --filter @ws-compat/query-params bench            # table
 *   pnpm --filter @ws-compat/query-params bench --json     # table + reports/bench.json
 *   node bench/bench.mjs --rounds 3 --only tiny,typical-get  # fewer rounds, some workloads
 *
 * The machine is shared, so nothing here is an absolute claim: every peer is measured in the same process,
 * interleaved over several rounds, and a peer's time is the lowest of its per-round medians (the round least
 * disturbed by other work). Ratios are peer time / our time: above 1 means we are faster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import querystring from 'node:querystring';
import { fileURLToPath } from 'node:url';
import fastQuerystring from 'fast-querystring';
import { do_not_optimize, measure } from 'mitata';
import qs from 'qs';
import { parseQuery } from '../dist/index.mjs';
import { invalidCount, jwtToken, workloads } from './workloads.mjs';

const args = process.argv.slice(2);
const writeJson = args.includes('--json');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 5;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? String(args[onlyArg + 1]).split(',') : null;
const selected = only === null ? workloads : workloads.filter((workload) => only.includes(workload.id));
const minCpuTime = 150e6; // ns per peer per round

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

/** @type {Record<string, Record<string, number[]>>} */
const samples = Object.fromEntries(
  workloads.map((workload) => [workload.id, Object.fromEntries(peers.map((peer) => [peer.name, []]))]),
);
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`round ${round + 1}/${rounds}\r`);
  for (const workload of selected) {
    // Rotate the order each round so no peer always runs right after the same neighbour.
    for (let k = 0; k < peers.length; k++) {
      const peer = /** @type {Peer} */ (peers[(k + round) % peers.length]);
      const fn = task(workload, peer);
      const stats = await measure(() => do_not_optimize(fn()), { min_cpu_time: minCpuTime });
      samples[workload.id]?.[peer.name]?.push(stats.p50);
    }
  }
}
process.stderr.write('\n');

/** @param {number} ns */
function formatTime(ns) {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}

const ours = /** @type {Peer} */ (peers[0]).name;
const results = selected.map((workload) => {
  const times = Object.fromEntries(
    peers.map((peer) => [peer.name, Math.min(...(samples[workload.id]?.[peer.name] ?? []))]),
  );
  const ourTime = /** @type {number} */ (times[ours]);
  const ratios = Object.fromEntries(
    peers.slice(1).map((peer) => [peer.name, /** @type {number} */ (times[peer.name]) / ourTime]),
  );
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
    checks,
  };
});

const header = ['workload', ...peers.map((peer) => (peer.name === ours ? 'ours' : peer.name)), 'targets'];
const rows = results.map((result) => [
  result.title,
  ...peers.map((peer) => {
    const time = formatTime(/** @type {number} */ (result.times[peer.name]));
    return peer.name === ours ? time : `${time} (${result.ratios[peer.name]?.toFixed(2)}x)`;
  }),
  result.checks
    .map(
      (check) =>
        `${check.met ? 'ok' : 'MISSED'} ${check.ratio.toFixed(2)} >= ${check.target} vs ${check.peer}`,
    )
    .join('; '),
]);

console.log(
  `\n@ws-compat/query-params, Node ${process.version}, ${rounds} rounds (median per round, best round)`,
);
console.log('cells: time per operation (peer time / our time; above 1x we are faster)\n');
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => ' --- ').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

const missed = results.flatMap((result) => result.checks.filter((check) => !check.met));
console.log(missed.length === 0 ? '\nall targets met' : `\n${missed.length} target(s) missed`);

if (writeJson) {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'reports', 'bench.json');
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    schema: 1,
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, platform: process.platform, arch: process.arch },
    method: { rounds, minCpuTimeNs: minCpuTime, statistic: 'min over rounds of the per-round p50, ns/op' },
    peers: peers.map((peer) => peer.name),
    workloads: results,
    targetsMet: missed.length === 0,
  };
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
