// @ts-check
// Run with `pnpm --filter @ws-compat/connection-context bench` (builds first; needs --expose-gc).
// Add --json for machine-readable output.
import { randomUUID } from 'node:crypto';
import { parseQuery } from '@ws-compat/query-params';
import { parseCookie } from 'cookie';
import { buildConnectionContext } from '../dist/index.mjs';
import { parseUpgradeRequests } from './requests.mjs';

const gc = /** @type {() => void} */ (globalThis.gc);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const OPTIONS = { trustProxy: ['loopback'] };
const ROUNDS = 15;
const ITERATIONS = 20_000;
const HELD = 10_000;
let sink = /** @type {unknown} */ (null);

/** @type {import('node:http').IncomingMessage} */
let request = /** @type {never} */ (null);
await parseUpgradeRequests(1, (parsed) => {
  request = parsed;
});

// The control: what a handler written by hand extracts at the least (address, url, two headers),
// scanning rawHeaders the way a fresh request must (req.headers is built on first access).
/** @param {import('node:http').IncomingMessage} req */
function minimalExtraction(req) {
  const raw = req.rawHeaders;
  let origin = null;
  let authorization = null;
  for (let index = 0; index < raw.length; index += 2) {
    const name = /** @type {string} */ (raw[index]);
    if (name.length === 6 && name.toLowerCase() === 'origin') origin = raw[index + 1];
    else if (name.length === 13 && name.toLowerCase() === 'authorization') authorization = raw[index + 1];
  }
  return { address: req.socket.remoteAddress, url: req.url, origin, authorization };
}

// A second, named peer: what a typical hand-written context does (a header object as req.headers
// builds it, new URL for the query, X-Forwarded-For's first entry, which any client can spoof).
/** @param {import('node:http').IncomingMessage} req */
function typicalHandWritten(req) {
  const raw = req.rawHeaders;
  /** @type {Record<string, string>} */
  const headers = {};
  for (let index = 0; index < raw.length; index += 2) {
    const name = /** @type {string} */ (raw[index]).toLowerCase();
    headers[name] =
      headers[name] === undefined
        ? /** @type {string} */ (raw[index + 1])
        : `${headers[name]}, ${raw[index + 1]}`;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const forwarded = headers['x-forwarded-for'];
  return {
    id: randomUUID(),
    address: forwarded === undefined ? req.socket.remoteAddress : forwarded.split(',')[0]?.trim(),
    url: req.url,
    path: url.pathname,
    query: url.searchParams,
    origin: headers.origin,
    token: headers.authorization?.slice(7),
    headers,
  };
}

// Not a context: only the two parses the contract hands to named libraries when every field is read
// (the query with @ws-compat/query-params, the Cookie header with cookie), after finding the Cookie
// header the way the control finds its headers. It shows how much of the ratio those calls take.
/** @param {import('node:http').IncomingMessage} req */
function libraryParsesOnly(req) {
  const raw = req.rawHeaders;
  let cookie = '';
  for (let index = 0; index < raw.length; index += 2) {
    const name = /** @type {string} */ (raw[index]);
    if (name.length === 6 && name.toLowerCase() === 'cookie') cookie = /** @type {string} */ (raw[index + 1]);
  }
  return [parseQuery(req.url ?? '/'), parseCookie(cookie)];
}

/** @param {import('node:http').IncomingMessage} req */
function buildOnly(req) {
  return buildConnectionContext(req, OPTIONS);
}

// Every field, including what is computed on first read: header lookups (an eager one, a lazy one,
// getAll, has and a full entries() walk), query values, cookies, auth and client. Everything read
// goes into the result, so nothing can be optimized away.
/** @param {import('../dist/index.mjs').ConnectionContext} context */
function readEverything(context) {
  const headers = context.headers;
  const query = context.query;
  const client = context.client;
  let headerBytes = 0;
  for (const [name, value] of headers.entries()) headerBytes += name.length + value.length;
  return [
    context.id,
    context.receivedAt,
    context.url,
    context.path,
    query.get('room'),
    query.getAll('v'),
    query.get('session'),
    query.size,
    headers.get('origin'),
    headers.get('accept-language'),
    headers.getAll('x-forwarded-for'),
    headers.has('upgrade'),
    headerBytes,
    context.origin,
    context.host,
    context.userAgent,
    context.subprotocols,
    context.auth?.token,
    context.auth?.source,
    context.cookies.sid,
    client.address,
    client.port,
    client.family,
    client.forwardedFor,
    client.viaProxy,
    context.secure,
  ];
}

/** @param {import('node:http').IncomingMessage} req */
function buildAndReadEverything(req) {
  return readEverything(buildConnectionContext(req, OPTIONS));
}

// For the memory figure the context itself is held (after every field was read), not the array
// of what was read: that array leaves out the context and its lazily kept fields.
/** @param {import('node:http').IncomingMessage} req */
function buildReadAndKeep(req) {
  const context = buildConnectionContext(req, OPTIONS);
  sink = readEverything(context);
  return context;
}

/** @param {import('node:http').IncomingMessage} req */
function buildAndSerialize(req) {
  return JSON.stringify(buildConnectionContext(req, OPTIONS));
}

/** @param {(req: import('node:http').IncomingMessage) => unknown} fn */
function nsPerCall(fn) {
  // CPU time of this process, not wall time: on 2 shared cores the wall clock also counts the time
  // other processes held the CPU, which lands on whichever candidate happened to be running.
  const start = process.cpuUsage();
  for (let index = 0; index < ITERATIONS; index++) sink = fn(request);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / ITERATIONS;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
}

const candidates = [
  ['minimal extraction (control)', minimalExtraction],
  ['typical hand-written context (spoofable)', typicalHandWritten],
  ['buildConnectionContext, lazy fields unread', buildOnly],
  ['buildConnectionContext, every field read', buildAndReadEverything],
  ['buildConnectionContext + JSON.stringify', buildAndSerialize],
  ['query-params + cookie parses alone (no context)', libraryParsesOnly],
];
/** @type {number[][]} */
const samples = candidates.map(() => []);
// Warm-up: enough calls for every candidate to reach its optimized code before anything is timed.
for (let pass = 0; pass < 3; pass++) for (const [, fn] of candidates) nsPerCall(/** @type {never} */ (fn));
// Interleaved rounds: every candidate sees the same machine load (2 shared cores) and pays for its own
// garbage. No gc() between samples: a forced full collection shrinks the young generation, and the
// next candidate then pays for regrowing it (it doubled the figures of allocating candidates here),
// which a running server never does. The ratio is taken within each round, then the median over
// rounds is reported, so a noisy round moves one sample, not the result.
/** @type {number[][]} */
const ratios = candidates.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  /** @type {number[]} */
  const times = [];
  candidates.forEach(([, fn], index) => {
    const ns = nsPerCall(/** @type {never} */ (fn));
    times.push(ns);
    samples[index]?.push(ns);
  });
  for (const [index, ns] of times.entries()) ratios[index]?.push(ns / /** @type {number} */ (times[0]));
}
const speed = candidates.map(([name], index) => ({
  name,
  ns: median(samples[index] ?? []),
  ratio: median(ratios[index] ?? []),
}));
// Memory: 10,000 real parsed requests, keeping either the contexts or the requests themselves.
/** @param {(req: import('node:http').IncomingMessage) => unknown} keep */
async function retainedPerItem(keep) {
  /** @type {unknown[]} */
  const held = [];
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  await parseUpgradeRequests(HELD, (req) => {
    held.push(keep(req));
  });
  // Let pending stream callbacks run so that the parser's leftovers are garbage too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  sink = held.length;
  return (after - before) / HELD;
}
// What the parsing leaves behind when nothing is kept: subtracted from every figure.
const noiseBytes = await retainedPerItem(() => 0);
const requestBytes = (await retainedPerItem((req) => req)) - noiseBytes;
const contextBytes = (await retainedPerItem(buildOnly)) - noiseBytes;
const readContextBytes = (await retainedPerItem(buildReadAndKeep)) - noiseBytes;

const result = {
  node: process.version,
  speed: speed.map(({ name, ns, ratio }) => ({
    name,
    ns: Math.round(ns),
    ratio: Number(ratio.toFixed(2)),
  })),
  memory: {
    noiseBytes: Math.round(noiseBytes),
    requestBytes: Math.round(requestBytes),
    contextBytes: Math.round(contextBytes),
    contextEveryFieldReadBytes: Math.round(readContextBytes),
    ratio: Number((contextBytes / requestBytes).toFixed(3)),
  },
  targets: {
    everyFieldReadAtMost3x: (speed[3]?.ratio ?? Infinity) <= 3,
    contextAtMost1KiB: contextBytes <= 1024,
    contextAtMost25PercentOfRequest: contextBytes / requestBytes <= 0.25,
  },
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(
    `@ws-compat/connection-context bench on Node ${result.node} (${ROUNDS} interleaved rounds x ${ITERATIONS})`,
  );
  console.log('realistic upgrade: 14 headers, 3 query params, bearer token, one trusted proxy hop');
  console.log(
    'CPU time per call (median of rounds); ratio: median over rounds of the ratio within a round\n',
  );
  for (const { name, ns, ratio } of result.speed) {
    console.log(`${name.padEnd(50)} ${String(ns).padStart(7)} ns/build  ${ratio.toFixed(2)}x control`);
  }
  console.log(
    `\nretained per item, ${HELD} held (heap delta after gc / ${HELD}, minus ${result.memory.noiseBytes} B kept when nothing is held):`,
  );
  console.log(
    `${'IncomingMessage (what ws 2 kept as upgradeReq)'.padEnd(50)} ${result.memory.requestBytes} B`,
  );
  console.log(
    `${'ConnectionContext, lazy fields unread'.padEnd(50)} ${result.memory.contextBytes} B (${(result.memory.ratio * 100).toFixed(1)}% of the request)`,
  );
  console.log(
    `${'ConnectionContext, every field read'.padEnd(50)} ${result.memory.contextEveryFieldReadBytes} B`,
  );
  console.log('\ntargets:');
  console.log(
    `  every-field-read build <= 3x control: ${result.targets.everyFieldReadAtMost3x ? 'met' : 'NOT met'}`,
  );
  console.log(`  context <= 1 KiB: ${result.targets.contextAtMost1KiB ? 'met' : 'NOT met'}`);
  console.log(
    `  context <= 25% of the request: ${result.targets.contextAtMost25PercentOfRequest ? 'met' : 'NOT met'}`,
  );
}
void sink;
