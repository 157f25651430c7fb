// Benchmarks for @ws-compat/socket on the shared harness (@ws-compat/bench): interleaved rounds in a
// rotating order, medians with quartiles, ratios taken within each round, and an A/A copy of the control
// so the noise is printed beside the result.
// - echo throughput over loopback (a ws 8 echo server in its own process) through the facade vs the raw
//   client (ws 8, undici 7): compareThroughput, pipelined blocks of messages, the client process's CPU
//   time per message and the wall time per message from the same blocks;
// - the message path alone, without a network: compare (mitata, process CPU time);
// - the memory one facade retains beyond its raw socket, with 10,000 open connections held.
// Run `pnpm --filter @ws-compat/socket bench` (after a build); `-- --json` prints JSON, `-- --rounds N`.
// Ratios matter, not absolute numbers: the machine is shared.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { benchArguments, compare, compareThroughput, formatComparison } from '@ws-compat/bench';
import { wrapSocket } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8');
const { WebSocket: Undici7 } = require('undici7');
const { json, rounds, quick } = benchArguments(process.argv.slice(2), { rounds: 15 });
const log = (line) => {
  if (!json) console.log(line);
};
const progress = (round, total) => {
  if (!json) process.stderr.write(`round ${round}/${total}\r`);
};

const server = fork(new URL('./echo-server.mjs', import.meta.url), [], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const port = await new Promise((resolve) => {
  server.stdout.once('data', (chunk) => resolve(JSON.parse(chunk.toString()).port));
});
const url = `ws://127.0.0.1:${port}/`;

/** Resolves once a raw ws 8 or undici 7 client is open, rejects on its first error. */
function opened(raw, implementation) {
  return new Promise((resolve, reject) => {
    if (implementation === 'ws 8') {
      raw.once('open', resolve);
      raw.once('error', reject);
    } else {
      raw.addEventListener('open', resolve, { once: true });
      raw.addEventListener('error', reject, { once: true });
    }
  });
}

/**
 * An echo client. `block(payload, count)` sends `count` copies back to back and resolves when all
 * `count` echoes have arrived: a pipelined block, which measures what a message costs rather than how
 * fast the scheduler wakes two processes in turn (one round trip at a time is latency-bound).
 */
async function client(implementation, wrapped) {
  const raw = implementation === 'ws 8' ? new Ws8(url) : new Undici7(url);
  let waiting = 0;
  let done = null;
  const onEcho = () => {
    if (--waiting === 0) done();
  };
  let target;
  if (wrapped) {
    target = wrapSocket(raw, { binaryType: implementation === 'ws 8' ? 'nodebuffer' : 'arraybuffer' });
    target.addEventListener('message', onEcho);
  } else if (implementation === 'ws 8') {
    // the control does what a raw ws 8 user must do to get the same data: decode text Buffers
    raw.binaryType = 'nodebuffer';
    raw.on('message', (data, isBinary) => {
      if (!isBinary) data.toString();
      onEcho();
    });
    target = raw;
  } else {
    raw.binaryType = 'arraybuffer';
    raw.addEventListener('message', onEcho);
    target = raw;
  }
  await opened(raw, implementation);
  return {
    block(payload, count) {
      const echoed = new Promise((resolve) => {
        done = resolve;
      });
      waiting = count;
      for (let index = 0; index < count; index++) target.send(payload);
      return echoed;
    },
    close: () => raw.close(),
  };
}

async function echoComparison(implementation, name, payload, count) {
  const wrapped = await client(implementation, true);
  const raw = await client(implementation, false);
  const rawCopy = await client(implementation, false);
  const result = await compareThroughput({
    title: `${implementation}, ${name}: echo throughput over loopback, ${count} messages in flight`,
    rounds,
    blocksPerRound: 8,
    operations: count,
    tasks: [
      { name: `wrapSocket(${implementation})`, fn: () => wrapped.block(payload, count) },
      {
        name: `raw ${implementation}`,
        fn: () => raw.block(payload, count),
        aaFn: () => rawCopy.block(payload, count),
        control: true,
        note:
          implementation === 'ws 8'
            ? 'decodes text Buffers to strings, as a ws 8 user must; the A/A copy runs on its own connection'
            : 'the A/A copy runs on its own connection',
      },
    ],
    onRound: progress,
  });
  wrapped.close();
  raw.close();
  rawCopy.close();
  return { implementation, payload: name, messagesInFlight: count, ...result };
}

async function openMany(implementation, count) {
  const sockets = [];
  for (let start = 0; start < count; start += 500) {
    const batch = [];
    for (let index = start; index < Math.min(count, start + 500); index++) {
      const raw = implementation === 'ws 8' ? new Ws8(url) : new Undici7(url);
      sockets.push(raw);
      batch.push(opened(raw, implementation));
    }
    await Promise.all(batch);
  }
  return sockets;
}

function heapAfterGc() {
  for (let index = 0; index < 4; index++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** The heap once it stops moving: undici frees handshake leftovers for a while after 'open'. */
async function settledHeap() {
  let last = heapAfterGc();
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = heapAfterGc();
    if (Math.abs(now - last) < 8 * 1024) return now;
    last = now;
  }
  return last;
}

async function memoryRow(implementation, count = 10_000) {
  const sockets = await openMany(implementation, count);
  const before = await settledHeap();
  const wrapped = sockets.map((socket) => wrapSocket(socket));
  const after = await settledHeap();
  const perSocket = (after - before) / count;
  for (const socket of wrapped) socket.close();
  await Promise.all(wrapped.map((socket) => socket.closed));
  return { implementation, sockets: count, bytesPerWrappedSocket: Math.round(perSocket) };
}

/**
 * The message path alone, without a network: a ws-shaped EventEmitter emits what ws 8 emits for a 1 KiB
 * text message, to a raw listener that decodes it (the control) and through the facade.
 */
async function dispatchComparison() {
  const fakeWs = () =>
    Object.assign(new EventEmitter(), {
      readyState: 1,
      bufferedAmount: 0,
      binaryType: 'nodebuffer',
      send() {},
      close() {},
      terminate() {},
    });
  const raw = fakeWs();
  const facadeRaw = fakeWs();
  let sink = 0;
  raw.on('message', (data, isBinary) => {
    sink += isBinary ? data.length : data.toString().length;
  });
  wrapSocket(facadeRaw).addEventListener('message', (event) => {
    sink += event.data.length;
  });
  const text = Buffer.from('x'.repeat(1024));
  return compare({
    title: 'dispatch only (ws 8 shape, 1 KiB text message)',
    rounds,
    tasks: [
      { name: 'wrapSocket listener', fn: () => (facadeRaw.emit('message', text, false) ? sink : 0) },
      { name: 'raw ws 8 listener', fn: () => (raw.emit('message', text, false) ? sink : 0), control: true },
    ],
    onRound: progress,
  });
}

const [load1, load5] = loadavg();
log(`load average at start: ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min), 2 cores shared\n`);
const dispatch = await dispatchComparison();
log(`${formatComparison(dispatch)}\n`);

const payloads = [
  ['1 KiB text', 'x'.repeat(1024), 256],
  ['1 KiB binary', new Uint8Array(1024).fill(7), 256],
  ['64 KiB binary', new Uint8Array(64 * 1024).fill(7), 32],
];
const echo = [];
for (const implementation of ['ws 8', 'undici 7']) {
  for (const [name, payload, count] of payloads) {
    const result = await echoComparison(implementation, name, payload, count);
    echo.push(result);
    log(`${formatComparison(result.cpu)}\n`);
    log(`${formatComparison(result.wall)}\n`);
  }
}

const memory = [];
if (quick) {
  log('memory: skipped (--quick)');
} else if (typeof globalThis.gc === 'function') {
  for (const implementation of ['ws 8', 'undici 7']) {
    const row = await memoryRow(implementation);
    memory.push(row);
    log(
      `${implementation.padEnd(9)} memory: ${row.bytesPerWrappedSocket} B retained per wrapped socket beyond the raw one (${row.sockets} held)`,
    );
  }
} else {
  log('memory: run with node --expose-gc (the bench script does) to measure retained bytes');
}

const loadAtEnd = loadavg()[0];
log(`load average at end: ${loadAtEnd.toFixed(1)} (1 min)`);
if (json)
  console.log(
    JSON.stringify({ loadAverage: { start: load1, end: loadAtEnd }, dispatch, echo, memory }, null, 2),
  );
server.kill();
process.exit(0);
