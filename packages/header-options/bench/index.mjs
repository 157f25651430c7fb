// Benchmarks for @ws-compat/header-options against named controls: the same work written by hand, or a
// named peer (Node's Buffer for base64url, the implementation's own constructor for connect()).
// Run `pnpm run build && pnpm run bench`; `-- --json` for JSON, `-- --rounds N`.
// The harness (@ws-compat/bench) keeps every result alive, interleaves subject, control and an A/A copy
// of the control over rotating rounds, and reports medians with their quartiles: ratios matter, not
// absolute numbers (the machine is shared).
import { createRequire } from 'node:module';
import { benchArguments, compare, compareAsync, formatComparison } from '@ws-compat/bench';
import { bearerSubprotocol, connect, normalizeHeaders, toConstructorArgs } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8');
const { WebSocket: Undici7 } = require('undici7');

const { json, rounds } = benchArguments(process.argv.slice(2), { rounds: 9 });
const progress = json ? undefined : (round, total) => process.stderr.write(`round ${round}/${total}\r`);

// 64 distinct header sets and tokens, rotated: no cache keyed on one input can always hit.
const DISTINCT = 64;
const headerSets = Array.from({ length: DISTINCT }, (_, n) => {
  /** @type {Record<string, string | number | string[]>} */
  const record = { 'X-Request-Id': `r-${n}`, 'X-Trace': `t${n.toString(16)}` };
  if (n % 2 === 0) record['Accept-Language'] = ['en', n % 4 === 0 ? 'fr' : 'de'];
  if (n % 3 === 0) record['X-Num'] = n;
  if (n % 5 === 0) record['X-Tenant'] = `tenant-${n % 7}`;
  return record;
});
const handWrittenHeaders = headerSets.map((record) =>
  Object.fromEntries(
    Object.entries(record).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  ),
);
const tokens = Array.from(
  { length: DISTINCT },
  (_, n) => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLSR7bn0ifQ.${'c2lnbmF0dXJl'.repeat(1 + (n % 4))}${n}`,
);
const encodedTokens = tokens.map((token) => bearerSubprotocol.encode(token));
const url = 'ws://127.0.0.1:1/socket?room=1';
let next = 0;
const pick = () => next++ & (DISTINCT - 1);

const comparisons = [];
comparisons.push(
  await compare({
    title: 'toConstructorArgs (ws 8): the call shape, validated',
    rounds,
    onRound: progress,
    tasks: [
      {
        name: 'toConstructorArgs(ws8, url, { headers, protocols, origin })',
        fn: () => {
          const n = pick();
          return toConstructorArgs(Ws8, url, {
            headers: headerSets[n],
            protocols: ['chat'],
            origin: 'http://a',
          });
        },
      },
      {
        name: 'hand-written ws arguments (no validation)',
        control: true,
        fn: () => {
          const n = pick();
          return [url, ['chat'], { headers: { ...handWrittenHeaders[n] }, origin: 'http://a' }];
        },
      },
    ],
  }),
);
comparisons.push(
  await compare({
    title: 'normalizeHeaders: validated [name, value] pairs',
    rounds,
    onRound: progress,
    tasks: [
      { name: 'normalizeHeaders(record)', fn: () => normalizeHeaders(headerSets[pick()]) },
      { name: 'new Headers(record)', control: true, fn: () => new Headers(handWrittenHeaders[pick()]) },
    ],
  }),
);
comparisons.push(
  await compare({
    title: 'bearerSubprotocol.encode',
    rounds,
    onRound: progress,
    tasks: [
      { name: 'bearerSubprotocol.encode(token)', fn: () => bearerSubprotocol.encode(tokens[pick()]) },
      {
        name: "prefix + Buffer.from(token).toString('base64url') (no token check)",
        control: true,
        fn: () => bearerSubprotocol.prefix + Buffer.from(tokens[pick()]).toString('base64url'),
      },
    ],
  }),
);
comparisons.push(
  await compare({
    title: 'bearerSubprotocol.decode',
    rounds,
    onRound: progress,
    tasks: [
      {
        name: 'bearerSubprotocol.decode(protocol)',
        fn: () => bearerSubprotocol.decode(encodedTokens[pick()]),
      },
      {
        name: "Buffer.from(payload, 'base64url').toString() (no alphabet check)",
        control: true,
        fn: () =>
          Buffer.from(encodedTokens[pick()].slice(bearerSubprotocol.prefix.length), 'base64url').toString(),
      },
    ],
  }),
);

// connect() against the implementation's own constructor, both to one ws 8 server on loopback, one
// handshake at a time; a block's time is the median of its handshakes.
const { WebSocketServer } = Ws8;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const target = `ws://127.0.0.1:${server.address().port}/`;
const openAndClose = (create) => () =>
  new Promise((resolve, reject) => {
    const socket = create();
    socket.addEventListener('open', () => resolve(socket.close()), { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
const viaConnect = (WebSocketImpl) => async () => {
  const n = pick();
  const socket = await connect(WebSocketImpl, target, { headers: headerSets[n], protocols: ['chat'] });
  socket.close();
  return socket;
};
server.on('headers', () => {});
server.options.handleProtocols = (offered) => offered.values().next().value ?? false;
for (const [name, WebSocketImpl, direct] of [
  [
    'ws 8',
    Ws8,
    () => {
      const n = pick();
      return new Ws8(target, ['chat'], { headers: handWrittenHeaders[n] });
    },
  ],
  [
    'undici 7',
    Undici7,
    () => {
      const n = pick();
      return new Undici7(target, { protocols: ['chat'], headers: handWrittenHeaders[n] });
    },
  ],
]) {
  comparisons.push(
    await compareAsync({
      title: `connect() with ${name}: one handshake at a time on loopback, opened then closed`,
      rounds,
      perBlock: 40,
      onRound: progress,
      tasks: [
        { name: `connect(${name}, url, { headers, protocols })`, fn: viaConnect(WebSocketImpl) },
        { name: `new WebSocket (${name}) + open`, control: true, fn: openAndClose(direct) },
      ],
    }),
  );
}
server.close();
if (!json) process.stderr.write('\n');

if (json) console.log(JSON.stringify({ node: process.version, comparisons }, null, 2));
else {
  console.log(`@ws-compat/header-options benchmarks on Node ${process.version}\n`);
  for (const comparison of comparisons) console.log(`${formatComparison(comparison)}\n`);
}
process.exit(0);
