// Benchmarks for @ws-compat/header-options against "controls": the same work done by hand, or by a
// named peer (Node's Buffer for base64url). Run `pnpm run bench` (after a build); `-- --json` for JSON.
// Ratios matter, not absolute numbers: the machine is shared.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { bearerSubprotocol, connect, normalizeHeaders, toConstructorArgs } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8');
const { WebSocket: Undici7 } = require('undici7');

const url = 'ws://127.0.0.1:1/socket?room=1';
const headers = { 'X-Request-Id': 'r-42', 'X-Trace': 'abc', 'Accept-Language': ['en', 'fr'], 'X-Num': 7 };
const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl';

/** Runs `fn` for about `ms` milliseconds (after a warm-up) and returns operations per second. */
function opsPerSecond(fn, ms = 300) {
  for (let index = 0; index < 1000; index++) fn();
  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let index = 0; index < 200; index++) fn();
    operations += 200;
    elapsed = performance.now() - start;
  }
  return (operations * 1000) / elapsed;
}

/**
 * Mean milliseconds per call of two async functions, measured in alternating rounds so that
 * warm-up and background load on the shared machine hit both alike.
 */
async function msPerCallPair(subject, control, rounds = 5, count = 20) {
  for (let index = 0; index < 10; index++) {
    await subject();
    await control();
  }
  const totals = [0, 0];
  for (let round = 0; round < rounds; round++) {
    for (const [slot, fn] of [subject, control].entries()) {
      const start = performance.now();
      for (let index = 0; index < count; index++) await fn();
      totals[slot] += performance.now() - start;
    }
  }
  return totals.map((total) => total / (rounds * count));
}

const results = [];
function compare(name, subject, peerName, peer, unit) {
  results.push({ name, peer: peerName, subject, control: peer, unit, ratio: subject / peer });
}

compare(
  'toConstructorArgs (ws)',
  opsPerSecond(() => toConstructorArgs(Ws8, url, { headers, protocols: ['chat'], origin: 'http://a' })),
  'hand-written ws arguments',
  opsPerSecond(() => [
    url,
    ['chat'],
    { headers: { ...headers, 'Accept-Language': 'en, fr' }, origin: 'http://a' },
  ]),
  'ops/s',
);
compare(
  'normalizeHeaders (4 headers)',
  opsPerSecond(() => normalizeHeaders(headers)),
  'new Headers(record)',
  opsPerSecond(() => new Headers({ ...headers, 'Accept-Language': 'en, fr', 'X-Num': '7' })),
  'ops/s',
);
compare(
  'bearerSubprotocol.encode',
  opsPerSecond(() => bearerSubprotocol.encode(token)),
  "Buffer.from(token).toString('base64url')",
  opsPerSecond(() => bearerSubprotocol.prefix + Buffer.from(token).toString('base64url')),
  'ops/s',
);
const encoded = bearerSubprotocol.encode(token);
compare(
  'bearerSubprotocol.decode',
  opsPerSecond(() => bearerSubprotocol.decode(encoded)),
  "Buffer.from(payload, 'base64url').toString()",
  opsPerSecond(() => Buffer.from(encoded.slice(bearerSubprotocol.prefix.length), 'base64url').toString()),
  'ops/s',
);

// connect() against a raw open, both to a ws@8 server on loopback.
const { WebSocketServer } = Ws8;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const target = `ws://127.0.0.1:${server.address().port}/`;
const rawOpen = (WebSocketImpl, args) => () =>
  new Promise((resolve, reject) => {
    const socket = new WebSocketImpl(...args);
    socket.addEventListener('open', () => resolve(socket.close()), { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
const viaConnect = (WebSocketImpl) => async () => (await connect(WebSocketImpl, target, { headers })).close();
const undiciHeaders = Object.entries(headers).map(([name, value]) => [name, String(value)]);
for (const [name, WebSocketImpl, args] of [
  ['ws 8', Ws8, [target, [], { headers }]],
  ['undici 7', Undici7, [target, { headers: undiciHeaders }]],
]) {
  const [subject, control] = await msPerCallPair(viaConnect(WebSocketImpl), rawOpen(WebSocketImpl, args));
  compare(`connect() with ${name} (per handshake)`, subject, `new WebSocket (${name}) + open`, control, 'ms');
}
server.close();

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ node: process.version, results }, null, 2));
} else {
  const format = (value, unit) =>
    unit === 'ms' ? `${value.toFixed(3)} ms` : `${Math.round(value).toLocaleString('en')}/s`;
  console.log(`@ws-compat/header-options benchmarks on Node ${process.version} (ratio: subject / control)\n`);
  for (const row of results) {
    console.log(
      `${row.name}\n  ${format(row.subject, row.unit)}  vs  ${row.peer}: ${format(row.control, row.unit)}  ratio ${row.ratio.toFixed(2)}`,
    );
  }
}
process.exit(0);
