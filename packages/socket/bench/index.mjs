// Benchmarks for @ws-compat/socket on the shared harness (@ws-compat/bench): interleaved rounds in a
// rotating order, medians with quartiles, ratios taken within each round, and an A/A copy of the control
// so the noise is printed beside the result.
// - echo throughput over loopback (a ws 8 echo server in its own process) through the facade vs the raw
//   client (ws 8, undici 7): compareThroughput, pipelined blocks of messages, the client process's CPU
//   time per message and the wall time per message from the same blocks;
// - the facade's own cost per echoed message (one send, one message) without a network, on stand-ins of
//   the ws 8 and undici 7 shapes: compare (mitata, process CPU time); from it, a lower bound of the echo
//   throughput ratio that does not depend on the network rows' noise;
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
const { json, rounds, quick } = benchArguments(process.argv.slice(2), { rounds: 45 });
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
    blocksPerRound: 4,
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
 * The facade's own cost per echoed message, without a network: one `send()` and one incoming message,
 * through the facade vs straight on the raw socket, on a stand-in with the implementation's shape (a
 * ws-shaped EventEmitter emitting what ws 8 emits; an EventTarget dispatching the MessageEvent undici
 * dispatches, whose construction both candidates pay). Both listeners read the data as a user would
 * (the ws 8 control decodes text Buffers). A CPU-clock comparison, far less noisy than the network rows.
 */
async function messagePathComparison(shape, kind) {
  const text = kind === 'text';
  let sink = 0;
  let rawSocket;
  let facadeSocket;
  let deliver;
  let rawSend;
  let facadeSend;
  const outgoing = text ? 'x'.repeat(1024) : new Uint8Array(1024).fill(7);
  if (shape === 'ws 8') {
    const fakeWs = () =>
      Object.assign(new EventEmitter(), {
        readyState: 1,
        bufferedAmount: 0,
        binaryType: 'nodebuffer',
        send() {},
        close() {},
        terminate() {},
      });
    rawSocket = fakeWs();
    facadeSocket = fakeWs();
    rawSocket.on('message', (data, isBinary) => {
      sink += isBinary ? data.length : data.toString().length;
    });
    const incoming = text ? Buffer.from('x'.repeat(1024)) : Buffer.alloc(1024, 7);
    deliver = (socket) => socket.emit('message', incoming, !text);
  } else {
    class FakeWeb extends EventTarget {
      readyState = 1;
      bufferedAmount = 0;
      binaryType = 'arraybuffer';
      url = 'ws://127.0.0.1/';
      send() {}
      close() {}
    }
    rawSocket = new FakeWeb();
    facadeSocket = new FakeWeb();
    rawSocket.addEventListener('message', (event) => {
      const data = event.data;
      sink += typeof data === 'string' ? data.length : data.byteLength;
    });
    const incoming = text ? 'x'.repeat(1024) : new ArrayBuffer(1024);
    deliver = (socket) => socket.dispatchEvent(new MessageEvent('message', { data: incoming }));
  }
  const facade = wrapSocket(facadeSocket, { binaryType: shape === 'ws 8' ? 'nodebuffer' : 'arraybuffer' });
  facade.addEventListener('message', (event) => {
    const data = event.data;
    sink += typeof data === 'string' ? data.length : data.byteLength;
  });
  rawSend = () => rawSocket.send(outgoing);
  facadeSend = () => facade.send(outgoing);
  const result = await compare({
    title: `${shape} shape, 1 KiB ${kind}: the facade's cost per echoed message (one send, one message; no network)`,
    rounds,
    tasks: [
      {
        name: 'wrapSocket: send + message listener',
        fn: () => {
          facadeSend();
          deliver(facadeSocket);
          return sink;
        },
      },
      {
        name: `raw ${shape}: send + message listener`,
        fn: () => {
          rawSend();
          deliver(rawSocket);
          return sink;
        },
        control: true,
      },
    ],
    onRound: progress,
  });
  const [wrapped, control] = result.tasks;
  return {
    ...result,
    implementation: shape,
    kind,
    addedNs: {
      median: (wrapped.ratio.median - 1) * control.ns.median,
      high: (wrapped.ratioInterval.high - 1) * control.ns.median,
    },
  };
}

/**
 * What the message-path cost means for the echo rows: the wrapped client's CPU per message is at most
 * the raw client's plus the facade's added cost, so throughput (CPU) is at least raw / (raw + added).
 * The facade does no per-byte work on binary data (Buffers and ArrayBuffers pass through), so the
 * 1 KiB binary cost holds for 64 KiB too.
 */
function derivedThroughput(row, paths) {
  const path = paths.find(
    (candidate) =>
      candidate.implementation === (row.implementation === 'ws 8' ? 'ws 8' : 'undici 7') &&
      candidate.kind === (row.payload.endsWith('text') ? 'text' : 'binary'),
  );
  const raw = row.cpu.tasks.find((task) => task.control).ns.median;
  return {
    rawCpuNsPerMessage: raw,
    addedNs: path.addedNs,
    throughput: { median: raw / (raw + path.addedNs.median), low: raw / (raw + path.addedNs.high) },
  };
}

const [load1, load5] = loadavg();
log(`load average at start: ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min), 2 cores shared\n`);
const paths = [];
for (const shape of ['ws 8', 'undici 7']) {
  for (const kind of ['text', 'binary']) {
    const path = await messagePathComparison(shape, kind);
    paths.push(path);
    log(`${formatComparison(path)}\n`);
  }
}

const payloads = [
  ['1 KiB text', 'x'.repeat(1024), 256],
  ['1 KiB binary', new Uint8Array(1024).fill(7), 256],
  ['64 KiB binary', new Uint8Array(64 * 1024).fill(7), 32],
];
const echo = [];
for (const implementation of ['ws 8', 'undici 7']) {
  for (const [name, payload, count] of payloads) {
    const result = await echoComparison(implementation, name, payload, count);
    const derived = derivedThroughput(result, paths);
    echo.push({ ...result, derived });
    log(`${formatComparison(result.cpu)}\n`);
    log(`${formatComparison(result.wall)}\n`);
    log(
      `derived from the message path: raw client ${(derived.rawCpuNsPerMessage / 1e3).toFixed(1)} µs CPU per message, facade +${derived.addedNs.median.toFixed(0)} ns (interval up to +${derived.addedNs.high.toFixed(0)} ns): throughput (CPU) wrapped / raw >= ${derived.throughput.low.toFixed(3)} (median ${derived.throughput.median.toFixed(3)})\n`,
    );
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
    JSON.stringify({ loadAverage: { start: load1, end: loadAtEnd }, paths, echo, memory }, null, 2),
  );
server.kill();
process.exit(0);
