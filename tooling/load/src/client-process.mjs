// @ts-check
import { serveCommands } from './child-process.mjs';
import { closeAndWait, exchange, nextEvent } from './client-socket.mjs';
import { handshakeExchange } from './handshake-exchange.mjs';
import { hostileKinds } from './hostile-kinds.mjs';
import { loadHeaderOptions } from './packages.mjs';
import { runPool } from './pool.mjs';
import {
  allowedOrigin,
  applicationProtocol,
  echoMessage,
  honestClientAddress,
  honestHeaderLines,
  honestToken,
} from './scenario.mjs';

// The client side of the load run, in its own process so it never shares a CPU queue or a heap with
// the server it measures. Every command is bounded in count and time.

/** @typedef {import('./client-socket.mjs').EventSocket} EventSocket */
/** @typedef {new (...args: any[]) => EventSocket} SocketConstructor */

const WsWebSocket = /** @type {SocketConstructor} */ ((await import('ws8')).default);
const UndiciWebSocket = /** @type {SocketConstructor} */ (
  /** @type {unknown} */ ((await import('undici7')).WebSocket)
);
// Node's own global WebSocket, when this process was started with it (Node 20: --experimental-websocket).
const NodeWebSocket = /** @type {SocketConstructor | undefined} */ (
  /** @type {{ WebSocket?: unknown }} */ (globalThis).WebSocket
);
const stepTimeoutMs = 15_000;

/**
 * The constructor of an implementation of the connect part.
 *
 * @param {'ws' | 'undici' | 'node'} implementation
 * @returns {SocketConstructor}
 */
function implementationOf(implementation) {
  if (implementation === 'ws') return WsWebSocket;
  if (implementation === 'undici') return UndiciWebSocket;
  if (NodeWebSocket === undefined) {
    throw new Error(
      'no global WebSocket in this client process: start it with --experimental-websocket on Node 20',
    );
  }
  return NodeWebSocket;
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
}

/** Counts failures and keeps the first few messages. */
class Failures {
  count = 0;
  /** @type {string[]} */
  samples = [];
  /** @param {string} message */
  add(message) {
    this.count++;
    if (this.samples.length < 5 && !this.samples.includes(message)) this.samples.push(message);
  }
}

/** An 'error' listener that stays for the socket's life: ws throws on an error event nobody listens to. */
function keepErrorListener(/** @type {EventSocket} */ socket, /** @type {Failures} */ failures) {
  socket.addEventListener('error', (event) => failures.add(`socket error: ${event?.message ?? 'unknown'}`));
}

/**
 * `connect()`, loaded once by `ready`: a dynamic import per connection (a module resolution, 3-20 µs of
 * CPU) was charged to the `connect()` arm of part 2 and never to the direct constructor's.
 * @type {import('./packages.mjs').HeaderOptionsPackage['connect'] | null}
 */
let connectFunction = null;

/** Load the packages the commands use, so a package being rebuilt shows here and not as failed connects. */
async function ready() {
  connectFunction = (await loadHeaderOptions()).connect;
  return {
    pid: process.pid,
    nodeGlobal: NodeWebSocket !== undefined,
    undici: process.versions.undici ?? null,
  };
}

/**
 * Honest handshakes written on raw sockets (the cheapest client, so the server is what is measured),
 * each closed right after its 101.
 *
 * @param {{ port: number; count: number; concurrency: number }} payload
 */
async function handshakes({ port, count, concurrency }) {
  const failures = new Failures();
  const started = performance.now();
  await runPool(count, concurrency, async (index) => {
    const result = await handshakeExchange({
      port,
      target: '/echo',
      headers: honestHeaderLines(index),
      timeoutMs: stepTimeoutMs,
    });
    if (result.status !== 101 || result.protocol !== applicationProtocol || result.error) {
      failures.add(`status ${result.status}, protocol ${result.protocol}, ${result.error}`);
    }
  });
  return {
    count,
    failed: failures.count,
    failures: failures.samples,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Open one socket the plain way or through `connect()`, on ws or undici, with the same headers.
 *
 * @param {'ws' | 'undici' | 'node'} implementation
 * @param {'direct' | 'connect'} via
 * @param {string} url
 * @param {number} index
 * @returns {Promise<EventSocket>}
 */
async function openSocket(implementation, via, url, index) {
  const forwardedFor = honestClientAddress(index);
  const WebSocketImpl = implementationOf(implementation);
  if (via === 'connect') {
    if (connectFunction === null) throw new Error('the client process got a command before ready');
    return connectFunction(WebSocketImpl, url, {
      protocols: [applicationProtocol],
      origin: allowedOrigin,
      bearer: honestToken,
      headers: { 'X-Forwarded-For': forwardedFor },
      timeoutMs: stepTimeoutMs,
    });
  }
  const headers = { Authorization: `Bearer ${honestToken}`, 'X-Forwarded-For': forwardedFor };
  const socket =
    implementation === 'ws'
      ? new WsWebSocket(url, [applicationProtocol], { headers, origin: allowedOrigin })
      : new WebSocketImpl(url, {
          protocols: [applicationProtocol],
          headers: { ...headers, Origin: allowedOrigin },
        });
  try {
    await nextEvent(socket, 'open', stepTimeoutMs);
  } catch (error) {
    // ws throws on an 'error' event nobody listens to; the socket is being given up anyway.
    socket.addEventListener('error', () => {});
    socket.close();
    throw error;
  }
  return socket;
}

/**
 * Open-then-close cycles, each socket opened `direct`ly or through `connect()`.
 *
 * @param {{ port: number; implementation: 'ws' | 'undici' | 'node'; via: 'direct' | 'connect'; count: number; concurrency: number; offset?: number }} payload
 */
async function connectCycles({ port, implementation, via, count, concurrency, offset = 0 }) {
  const url = `ws://127.0.0.1:${port}/echo`;
  const failures = new Failures();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runPool(count, concurrency, async (index) => {
    try {
      const socket = await openSocket(implementation, via, url, offset + index);
      keepErrorListener(socket, failures);
      if (socket.protocol !== applicationProtocol) failures.add(`protocol '${socket.protocol}'`);
      await closeAndWait(socket, stepTimeoutMs);
    } catch (error) {
      failures.add(describeError(error));
    }
  });
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    count,
    failed: failures.count,
    failures: failures.samples,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** @type {EventSocket[]} */
let held = [];
const heldFailures = new Failures();

/**
 * Open `count` connections through `connect()` on ws and keep them.
 *
 * @param {{ port: number; count: number; concurrency: number }} payload
 */
async function openMany({ port, count, concurrency }) {
  const url = `ws://127.0.0.1:${port}/echo`;
  const started = performance.now();
  const sockets = await runPool(count, concurrency, async (index) => {
    try {
      const socket = await openSocket('ws', 'connect', url, index);
      keepErrorListener(socket, heldFailures);
      return socket;
    } catch (error) {
      heldFailures.add(describeError(error));
      return null;
    }
  });
  held = sockets.filter((socket) => socket !== null);
  return {
    opened: held.length,
    failed: heldFailures.count,
    failures: heldFailures.samples,
    elapsedMs: performance.now() - started,
  };
}

/**
 * One message from every held connection, each waiting for its echo.
 *
 * @param {{ concurrency: number }} payload
 */
async function echoHeld({ concurrency }) {
  const before = heldFailures.count;
  await runPool(held.length, concurrency, async (index) => {
    try {
      const reply = await exchange(/** @type {EventSocket} */ (held[index]), echoMessage, stepTimeoutMs);
      if (reply !== echoMessage) heldFailures.add(`echo '${reply}'`);
    } catch (error) {
      heldFailures.add(describeError(error));
    }
  });
  return { echoed: held.length, failed: heldFailures.count - before, failures: heldFailures.samples };
}

/**
 * Close every held connection and wait for each close.
 *
 * @param {{ concurrency: number }} payload
 */
async function closeHeld({ concurrency }) {
  const before = heldFailures.count;
  await runPool(held.length, concurrency, async (index) => {
    try {
      await closeAndWait(/** @type {EventSocket} */ (held[index]), stepTimeoutMs);
    } catch (error) {
      heldFailures.add(describeError(error));
    }
  });
  const closed = held.length;
  held = [];
  return { closed, failed: heldFailures.count - before, failures: heldFailures.samples };
}

/**
 * One honest client through `connect()`: connects, gets its echo, closes. Null when all went right.
 *
 * @param {string} url
 * @param {number} index
 * @returns {Promise<string | null>}
 */
async function honestExchange(url, index) {
  try {
    const socket = await openSocket('ws', 'connect', url, index);
    /** @type {string | null} */
    let problem = null;
    socket.addEventListener('error', (event) => {
      problem ??= `socket error: ${event?.message}`;
    });
    const reply = await exchange(socket, echoMessage, stepTimeoutMs);
    if (reply !== echoMessage) problem ??= `echo '${reply}'`;
    if (socket.protocol !== applicationProtocol) problem ??= `protocol '${socket.protocol}'`;
    await closeAndWait(socket, stepTimeoutMs);
    return problem;
  } catch (error) {
    return describeError(error);
  }
}

/**
 * Honest clients mixed 1 : `hostilePerHonest` with every hostile kind in turn. Stalling clients get
 * their own, larger pool so they overlap the others instead of holding the honest ones up.
 *
 * @param {{ port: number; honest: number; hostilePerHonest: number; concurrency: number; stallConcurrency: number; handshakeTimeoutMs: number }} payload
 */
async function hostileMix({
  port,
  honest,
  hostilePerHonest,
  concurrency,
  stallConcurrency,
  handshakeTimeoutMs,
}) {
  const url = `ws://127.0.0.1:${port}/echo`;
  const total = honest * (1 + hostilePerHonest);
  /** @type {{ kind: number; index: number }[]} -1 is honest */
  const plan = [];
  let hostileIndex = 0;
  for (let i = 0; i < total; i++) {
    if (i % (1 + hostilePerHonest) === 0) plan.push({ kind: -1, index: i });
    else plan.push({ kind: hostileIndex++ % hostileKinds.length, index: i });
  }
  const stalled = plan.filter((step) => step.kind >= 0 && hostileKinds[step.kind]?.stalls);
  const others = plan.filter((step) => !(step.kind >= 0 && hostileKinds[step.kind]?.stalls));

  const honestFailures = new Failures();
  /** @type {{ name: string; expected: string; sent: number; unexpected: number; samples: string[] }[]} */
  const perKind = hostileKinds.map((kind) => ({
    name: kind.name,
    expected: kind.expected,
    sent: 0,
    unexpected: 0,
    samples: [],
  }));
  /** @param {{ kind: number; index: number }} step */
  const runStep = async (step) => {
    if (step.kind === -1) {
      const problem = await honestExchange(url, step.index);
      if (problem) honestFailures.add(problem);
      return;
    }
    const kind = /** @type {import('./hostile-kinds.mjs').HostileKind} */ (hostileKinds[step.kind]);
    const row = /** @type {(typeof perKind)[number]} */ (perKind[step.kind]);
    row.sent++;
    const problem = await kind.run(port, step.index, handshakeTimeoutMs);
    if (problem) {
      row.unexpected++;
      if (row.samples.length < 3 && !row.samples.includes(problem)) row.samples.push(problem);
    }
  };
  const started = performance.now();
  // Stalling clients are spread over the same period as the others.
  await Promise.all([
    runPool(others.length, concurrency, (i) => runStep(/** @type {(typeof plan)[number]} */ (others[i]))),
    runPool(stalled.length, stallConcurrency, (i) =>
      runStep(/** @type {(typeof plan)[number]} */ (stalled[i])),
    ),
  ]);
  return {
    honest,
    honestFailed: honestFailures.count,
    honestFailures: honestFailures.samples,
    hostile: total - honest,
    unexpectedStatus: perKind.reduce((sum, row) => sum + row.unexpected, 0),
    perKind,
    elapsedMs: performance.now() - started,
  };
}

serveCommands({ ready, handshakes, connectCycles, openMany, echoHeld, closeHeld, hostileMix }, async () => {
  for (const socket of held) socket.close();
});
