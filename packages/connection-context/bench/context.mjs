// @ts-check
// Run with `pnpm --filter @ws-compat/connection-context bench` (builds first; needs --expose-gc).
// Add --json for machine-readable output.
import { randomUUID } from 'node:crypto';
import { benchArguments, compare, formatComparison } from '@ws-compat/bench';
import { parseQuery } from '@ws-compat/query-params';
import { parseCookie } from 'cookie';
import { buildConnectionContext } from '../dist/index.mjs';
import { parseUpgradeRequests } from './requests.mjs';

const gc = /** @type {() => void} */ (globalThis.gc);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const OPTIONS = { trustProxy: ['loopback'] };
const ROUNDS = 9;
const DISTINCT = 256;
const MASK = DISTINCT - 1;
const HELD = 10_000;
let sink = /** @type {unknown} */ (null);

/** @type {import('node:http').IncomingMessage[]} */
const requests = [];
await parseUpgradeRequests(DISTINCT, (parsed) => {
  requests.push(parsed);
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

const { json, rounds } = benchArguments(process.argv.slice(2), { rounds: ROUNDS });
// Rotate through many distinct parsed requests, so no per-process cache (interned header names, the
// last subprotocol list, trust decisions, V8's inline caches on one header order) always hits.
let next = 0;
const nextRequest = () => /** @type {import('node:http').IncomingMessage} */ (requests[next++ & MASK]);
/** @param {(req: import('node:http').IncomingMessage) => unknown} fn */
const rotating = (fn) => () => fn(nextRequest());

const comparison = await compare({
  title: `@ws-compat/connection-context on Node ${process.version}: one context per upgrade request, ${DISTINCT} distinct requests rotated`,
  rounds,
  onRound: json ? undefined : (round, total) => process.stderr.write(`round ${round}/${total}\r`),
  tasks: [
    { name: 'typical hand-written context (spoofable)', fn: rotating(typicalHandWritten), control: true },
    { name: 'minimal extraction (4 fields)', fn: rotating(minimalExtraction) },
    { name: 'buildConnectionContext, lazy fields unread', fn: rotating(buildOnly) },
    { name: 'buildConnectionContext, every field read', fn: rotating(buildAndReadEverything) },
    { name: 'buildConnectionContext + JSON.stringify', fn: rotating(buildAndSerialize) },
    {
      name: 'query-params + cookie parses alone (no context)',
      fn: rotating(libraryParsesOnly),
      note: 'not a context: the two parses the contract hands to named libraries, to show their share',
    },
  ],
});
if (!json) process.stderr.write('\n');
const ratioOf = (/** @type {string} */ name) =>
  /** @type {import('@ws-compat/bench').Comparison['tasks'][number]} */ (
    comparison.tasks.find((task) => task.name === name)
  ).ratio.median;
const everyFieldRatio = ratioOf('buildConnectionContext, every field read');
const lazyRatio = ratioOf('buildConnectionContext, lazy fields unread');

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
// A context lives as long as its connection (withConnectionContext keys it on the request and the
// WebSocket), and an open connection holds its socket anyway: what a context adds to an open
// connection is the heap with socket and context held minus that with the socket alone. Both hold the
// sockets in a second array, one entry each, so neither figure counts a [socket, context] pair array
// (64 B per item, which the figure of 2026-11-30 14:40 counted as the context's). The figures above
// hold the context without its socket, as after a close.
/** @type {unknown[]} */
let sockets = [];
const socketBytes =
  (await retainedPerItem((req) => {
    sockets.push(req.socket);
    return 0;
  })) - noiseBytes;
sockets = [];
const openContextBytes =
  (await retainedPerItem((req) => {
    sockets.push(req.socket);
    return buildOnly(req);
  })) -
  noiseBytes -
  socketBytes;
sockets = [];

const memory = {
  noiseBytes: Math.round(noiseBytes),
  requestBytes: Math.round(requestBytes),
  contextBytes: Math.round(contextBytes),
  contextEveryFieldReadBytes: Math.round(readContextBytes),
  socketBytes: Math.round(socketBytes),
  contextBesideOpenSocketBytes: Math.round(openContextBytes),
  ratio: Number((contextBytes / requestBytes).toFixed(3)),
  openRatio: Number((openContextBytes / requestBytes).toFixed(3)),
};
// The targets of the performance issue (ratios are times: lower is cheaper).
const targets = {
  everyFieldReadAtMost1xTypical: everyFieldRatio <= 1,
  lazyBuildAtMostHalfTypical: lazyRatio <= 0.5,
  contextAtMost768B: contextBytes <= 768,
  contextAtMost25PercentOfRequest: contextBytes / requestBytes <= 0.25,
  openContextAtMost768B: openContextBytes <= 768,
  openContextAtMost25PercentOfRequest: openContextBytes / requestBytes <= 0.25,
};

if (json) {
  console.log(JSON.stringify({ node: process.version, speed: comparison, memory, targets }, null, 2));
} else {
  console.log(formatComparison(comparison));
  console.log(
    `\nretained per item, ${HELD} varied requests held (heap delta after gc / ${HELD}, minus ${memory.noiseBytes} B kept when nothing is held):\n`,
  );
  console.log('| held | bytes |\n| --- | --- |');
  console.log(`| IncomingMessage (what ws 2 kept as upgradeReq) | ${memory.requestBytes} B |`);
  console.log(
    `| ConnectionContext, lazy fields unread | ${memory.contextBytes} B (${(memory.ratio * 100).toFixed(1)}% of the request) |`,
  );
  console.log(`| ConnectionContext, every field read | ${memory.contextEveryFieldReadBytes} B |`);
  console.log(
    `| ConnectionContext of an open connection (beside its socket, ${memory.socketBytes} B, held anyway), lazy fields unread | ${memory.contextBesideOpenSocketBytes} B (${(memory.openRatio * 100).toFixed(1)}% of the request) |`,
  );
  const mark = (/** @type {boolean} */ met) => (met ? 'met' : 'MISSED');
  console.log('\ntargets:');
  console.log(
    `  every field read <= 1.0x typical hand-written: ${everyFieldRatio.toFixed(2)}x ${mark(targets.everyFieldReadAtMost1xTypical)}`,
  );
  console.log(
    `  lazy build <= 0.5x typical hand-written: ${lazyRatio.toFixed(2)}x ${mark(targets.lazyBuildAtMostHalfTypical)}`,
  );
  console.log(`  context <= 768 B: ${memory.contextBytes} B ${mark(targets.contextAtMost768B)}`);
  console.log(
    `  context <= 25% of the request: ${(memory.ratio * 100).toFixed(1)}% ${mark(targets.contextAtMost25PercentOfRequest)}`,
  );
  console.log(
    `  context of an open connection <= 768 B: ${memory.contextBesideOpenSocketBytes} B ${mark(targets.openContextAtMost768B)}`,
  );
  console.log(
    `  context of an open connection <= 25% of the request: ${(memory.openRatio * 100).toFixed(1)}% ${mark(targets.openContextAtMost25PercentOfRequest)}`,
  );
}
void sink;
