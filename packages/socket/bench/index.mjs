// Benchmarks for @ws-compat/socket against named controls measured in the same run: echo round trips
// over loopback through the facade vs the raw client (ws 8, undici 7), and an A/A control (a second raw
// client) so the noise is visible. Rounds are interleaved (the order rotates) and medians are compared.
// Then the memory one facade retains beyond its raw socket, with 10,000 open connections held.
// Run `pnpm --filter @ws-compat/socket bench` (after a build); `-- --json` prints JSON.
// Ratios matter, not absolute numbers: the machine is shared.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { wrapSocket } from '../dist/index.mjs';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8');
const { WebSocket: Undici7 } = require('undici7');
const json = process.argv.includes('--json');
const log = (line) => {
  if (!json) console.log(line);
};

const server = fork(new URL('./echo-server.mjs', import.meta.url), [], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const port = await new Promise((resolve) => {
  server.stdout.once('data', (chunk) => resolve(JSON.parse(chunk.toString()).port));
});
const url = `ws://127.0.0.1:${port}/`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** An echo client: `roundTrips(n)` sends, waits for the echo, n times. */
async function client(implementation, wrapped, binary) {
  const raw = implementation === 'ws 8' ? new Ws8(url) : new Undici7(url);
  let resolveEcho = null;
  const onEcho = () => {
    const resolve = resolveEcho;
    resolveEcho = null;
    resolve();
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
  await new Promise((resolve, reject) => {
    if (implementation === 'ws 8') {
      raw.once('open', resolve);
      raw.once('error', reject);
    } else {
      raw.addEventListener('open', resolve, { once: true });
      raw.addEventListener('error', reject, { once: true });
    }
  });
  return {
    async roundTrips(count, payload) {
      for (let index = 0; index < count; index++) {
        const echoed = new Promise((resolve) => {
          resolveEcho = resolve;
        });
        target.send(payload);
        await echoed;
      }
    },
    close: () => raw.close(),
    binary,
  };
}

async function echoRow(implementation, name, payload, { rounds = 31, count = 80 } = {}) {
  const binary = typeof payload !== 'string';
  const subjects = [
    ['wrapped', await client(implementation, true, binary)],
    ['raw', await client(implementation, false, binary)],
    ['raw (A/A)', await client(implementation, false, binary)],
  ];
  for (const [, subject] of subjects) await subject.roundTrips(200, payload); // warm-up
  const perSecond = new Map(subjects.map(([label]) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < subjects.length; offset++) {
      const [label, subject] = subjects[(round + offset) % subjects.length];
      const start = performance.now();
      await subject.roundTrips(count, payload);
      perSecond.get(label).push((count * 1000) / (performance.now() - start));
    }
  }
  for (const [, subject] of subjects) subject.close();
  const wrapped = median(perSecond.get('wrapped'));
  const raw = median(perSecond.get('raw'));
  const control = median(perSecond.get('raw (A/A)'));
  return {
    implementation,
    payload: name,
    wrapped: Math.round(wrapped),
    raw: Math.round(raw),
    aa: Math.round(control),
    ratio: wrapped / raw,
    aaRatio: control / raw,
  };
}

async function openMany(implementation, count) {
  const sockets = [];
  for (let start = 0; start < count; start += 500) {
    const batch = [];
    for (let index = start; index < Math.min(count, start + 500); index++) {
      const raw = implementation === 'ws 8' ? new Ws8(url) : new Undici7(url);
      sockets.push(raw);
      batch.push(
        new Promise((resolve, reject) => {
          if (implementation === 'ws 8') {
            raw.once('open', resolve);
            raw.once('error', reject);
          } else {
            raw.addEventListener('open', resolve, { once: true });
            raw.addEventListener('error', reject, { once: true });
          }
        }),
      );
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
 * The message path alone, without a network: a ws-shaped EventEmitter emits what ws 8 emits for a text
 * message, to a raw listener that decodes it (the control) and through the facade. Interleaved rounds,
 * medians, nanoseconds per message.
 */
async function dispatchRow() {
  const { EventEmitter } = await import('node:events');
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
  const run = (emitter, count) => {
    const start = performance.now();
    for (let index = 0; index < count; index++) emitter.emit('message', text, false);
    return ((performance.now() - start) * 1e6) / count;
  };
  run(raw, 20_000);
  run(facadeRaw, 20_000);
  const samples = { raw: [], wrapped: [] };
  for (let round = 0; round < 21; round++) {
    if (round % 2 === 0) {
      samples.raw.push(run(raw, 5_000));
      samples.wrapped.push(run(facadeRaw, 5_000));
    } else {
      samples.wrapped.push(run(facadeRaw, 5_000));
      samples.raw.push(run(raw, 5_000));
    }
  }
  return { rawNs: median(samples.raw), wrappedNs: median(samples.wrapped), sink };
}

const dispatch = await dispatchRow();
log(
  `dispatch only (ws 8 shape, 1 KiB text): raw ${dispatch.rawNs.toFixed(0)} ns/message, wrapped ${dispatch.wrappedNs.toFixed(0)} ns/message (+${(dispatch.wrappedNs - dispatch.rawNs).toFixed(0)} ns)`,
);

const payloads = [
  ['1 KiB text', 'x'.repeat(1024)],
  ['1 KiB binary', new Uint8Array(1024).fill(7)],
  ['64 KiB binary', new Uint8Array(64 * 1024).fill(7)],
];
const echo = [];
for (const implementation of ['ws 8', 'undici 7']) {
  for (const [name, payload] of payloads) {
    const row = await echoRow(implementation, name, payload);
    echo.push(row);
    log(
      `${implementation.padEnd(9)} ${name.padEnd(14)} wrapped ${String(row.wrapped).padStart(6)}/s  raw ${String(row.raw).padStart(6)}/s  ratio ${row.ratio.toFixed(3)}  A/A ${row.aaRatio.toFixed(3)}`,
    );
  }
}

const memory = [];
if (typeof globalThis.gc === 'function') {
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

if (json) console.log(JSON.stringify({ dispatch, echo, memory }, null, 2));
server.kill();
process.exit(0);
