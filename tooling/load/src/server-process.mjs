// @ts-check
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws8';
import { serveCommands } from './child-process.mjs';
import { loadConnectionContext } from './packages.mjs';
import { allowedOrigin, applicationProtocol, trustedProxyAddress, whoamiMessage } from './scenario.mjs';

// A ws@8 server in its own process, so its memory and CPU are its own. Five kinds, all echoing every
// message (`whoami` answers with what the server knows about the peer):
// - `bare`: ws alone, checking nothing;
// - `proxy`: ws + withConnectionContext with `trustProxy` only (the fair match for `bare`);
// - `hand`: the checks of `context` written the common way by hand: a verifyClient that reads
//   X-Forwarded-For (its first entry, spoofable), compares Origin and requires Authorization, and a
//   handleProtocols (the fair match for `context`);
// - `context`: ws + withConnectionContext: trusted proxy, token required, origin allow-list, protocols;
// - `upgrade`: the same checks through createUpgradeHandler on a `noServer` ws server, so ws's
//   verifyClient path is skipped (the other fair match for `hand`).

/** @type {import('node:http').Server | null} */
let httpServer = null;
/** @type {import('ws').WebSocketServer | null} */
let webSocketServer = null;
let connectionsTotal = 0;
let socketErrors = 0;
let contextMissing = 0;

/**
 * The checks of the `context` server as a typical application writes them without the package.
 *
 * @param {Record<string, unknown>} options
 */
function withHandWrittenChecks(options) {
  return {
    ...options,
    /** @param {{ origin: string | undefined; req: import('node:http').IncomingMessage }} info @param {(ok: boolean, code?: number, message?: string) => void} callback */
    verifyClient(info, callback) {
      const request = info.req;
      if (info.origin !== allowedOrigin) return callback(false, 403, 'Origin not allowed');
      const authorization = request.headers.authorization;
      if (authorization === undefined || !authorization.startsWith('Bearer ')) {
        return callback(false, 401, 'Unauthorized');
      }
      const forwarded = request.headers['x-forwarded-for'];
      const handWritten = /** @type {{ clientAddress?: string | undefined; token?: string }} */ (request);
      handWritten.clientAddress =
        typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : request.socket.remoteAddress;
      handWritten.token = authorization.slice(7);
      callback(true);
    },
    /** @param {Set<string>} protocols */
    handleProtocols(protocols) {
      return protocols.has(applicationProtocol) ? applicationProtocol : false;
    },
  };
}

/** The checks of the `context` and `upgrade` servers (connection-context's AttachOptions). */
const allChecks = {
  trustProxy: [trustedProxyAddress],
  allowOrigins: [allowedOrigin],
  requireAuth: true,
  protocols: [applicationProtocol],
};

/**
 * What a server using the package does on every connection: take its context.
 *
 * @param {import('./packages.mjs').ConnectionContextPackage['contextOf']} contextOf
 * @returns {(socket: unknown, request: import('node:http').IncomingMessage) => (() => string)}
 */
function describeByContext(contextOf) {
  return (socket, request) => {
    const context = contextOf(socket, request);
    if (!context) contextMissing++;
    return () =>
      context
        ? JSON.stringify({
            address: context.client.address,
            forwardedFor: context.client.forwardedFor,
            query: context.query.toObject(),
            authSource: context.auth ? context.auth.source : null,
          })
        : JSON.stringify({ error: 'no context' });
  };
}

/**
 * @param {{ kind: import('./load-processes.mjs').ServerKind; handshakeTimeoutMs: number }} payload
 * @returns {Promise<{ port: number }>}
 */
async function start({ kind, handshakeTimeoutMs }) {
  // Node's own request-header timeout is the handshake timeout: a client that sends half a handshake
  // gets 408 and is closed once `handshakeTimeoutMs` has passed (checked every quarter of it).
  const server = createServer({
    headersTimeout: handshakeTimeoutMs,
    requestTimeout: handshakeTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.floor(handshakeTimeoutMs / 4)),
  });
  server.maxConnections = 50_000;
  /** @type {Record<string, unknown>} */
  let options = { server, clientTracking: true };
  /** @type {(socket: unknown, request: import('node:http').IncomingMessage) => (() => string)} */
  let onConnection = (_socket, request) => () =>
    JSON.stringify({ address: request.socket.remoteAddress ?? null });
  if (kind === 'hand') {
    options = withHandWrittenChecks(options);
    onConnection = (_socket, request) => {
      const handWritten = /** @type {{ clientAddress?: string | undefined }} */ (request);
      const address = handWritten.clientAddress ?? null;
      return () => JSON.stringify({ address });
    };
  }
  if (kind === 'context' || kind === 'proxy') {
    const { withConnectionContext, contextOf } = await loadConnectionContext();
    options = withConnectionContext(
      options,
      kind === 'proxy' ? { trustProxy: [trustedProxyAddress] } : allChecks,
    );
    onConnection = describeByContext(contextOf);
  }
  // createUpgradeHandler owns the `upgrade` event: ws gets no server, and no verifyClient.
  if (kind === 'upgrade') options = { noServer: true, clientTracking: true };
  const wss = new WebSocketServer(/** @type {ConstructorParameters<typeof WebSocketServer>[0]} */ (options));
  if (kind === 'upgrade') {
    const { createUpgradeHandler, contextOf } = await loadConnectionContext();
    server.on('upgrade', createUpgradeHandler(wss, allChecks));
    onConnection = describeByContext(contextOf);
  }
  wss.on('connection', (socket, request) => {
    connectionsTotal++;
    const describe = onConnection(socket, request);
    socket.on('error', () => socketErrors++);
    socket.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === whoamiMessage) socket.send(describe());
      else socket.send(data, { binary: isBinary });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => resolve(undefined));
  });
  httpServer = server;
  webSocketServer = wss;
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port };
}

/** @returns {Promise<number>} */
function tcpConnections() {
  return new Promise((resolve) => {
    if (!httpServer) return resolve(0);
    httpServer.getConnections((error, count) => resolve(error ? -1 : count));
  });
}

/**
 * Memory (after a full GC when `gc`), CPU time and counters of this process.
 *
 * @param {{ gc?: boolean }} payload
 */
async function stats({ gc = false }) {
  if (gc) {
    // Twice, with a turn of the event loop between: weak maps and finalizers let go on the second.
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc?.();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    cpuMs: (cpu.user + cpu.system) / 1000,
    open: webSocketServer ? webSocketServer.clients.size : 0,
    tcp: await tcpConnections(),
    connectionsTotal,
    socketErrors,
    contextMissing,
  };
}

/**
 * Wait until no WebSocket and no TCP connection is left (closes finish asynchronously).
 *
 * @param {{ timeoutMs: number }} payload
 */
async function waitIdle({ timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = webSocketServer ? webSocketServer.clients.size : 0;
    const tcp = await tcpConnections();
    if (open === 0 && tcp === 0) return { idle: true, open, tcp };
    if (Date.now() > deadline) return { idle: false, open, tcp };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

serveCommands({ start, stats, waitIdle }, async () => {
  for (const client of webSocketServer?.clients ?? []) client.terminate();
  webSocketServer?.close();
  httpServer?.closeAllConnections();
  httpServer?.close();
});
