// @ts-check
import { connect, createServer } from 'node:net';

/** @typedef {import('./index.d.ts').RecordedConnection} RecordedConnection */
/** @typedef {import('./index.d.ts').RecorderOptions} RecorderOptions */
/** @typedef {import('./index.d.ts').TcpRecorder} TcpRecorder */

/** Bytes kept per direction and connection by default: a handshake and a few frames fit many times. */
const DEFAULT_MAX_BYTES = 64 * 1024;

/**
 * Starts a loopback TCP recorder on 127.0.0.1 (ephemeral port). With a `target` it relays every byte
 * both ways and keeps the exact bytes of each direction; without one it keeps what clients send and
 * never answers: a server that stalls. Half-closes travel through by default; with
 * `allowHalfOpen: false` the first FIN from either side ends both connections at once (Node's default
 * sockets), so a client that half-closes gets FIN back at once and the connection counts as closed.
 *
 * @param {RecorderOptions} [options]
 * @returns {Promise<TcpRecorder>}
 * @throws {TypeError} code `WIRE_BAD_OPTION` when `target.port` is not a port, `maxBytes` not a
 *   non-negative integer or `allowHalfOpen` not a boolean
 */
export async function startRecorder(options = {}) {
  const target = options.target ?? null;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowHalfOpen = options.allowHalfOpen ?? true;
  if (target !== null && !(Number.isInteger(target.port) && target.port > 0 && target.port < 65536)) {
    throw badOption(
      `target.port must be an integer port 1-65535, got ${String(target.port)}; pass the upstream's listening port`,
    );
  }
  if (!(Number.isInteger(maxBytes) && maxBytes >= 0)) {
    throw badOption(`maxBytes must be a non-negative integer, got ${String(maxBytes)}; omit it for 65536`);
  }
  if (typeof allowHalfOpen !== 'boolean') {
    throw badOption(
      `allowHalfOpen must be a boolean, got ${String(allowHalfOpen)}; omit it to relay half-closes`,
    );
  }
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {RecordedConnection[]} */
  const connections = [];
  const server = createServer({ allowHalfOpen, noDelay: true }, (client) => {
    /** @type {RecordedConnection} */
    const record = {
      request: Buffer.alloc(0),
      response: Buffer.alloc(0),
      clientPort: client.remotePort ?? null,
      upstreamLocalPort: null,
      closed: false,
    };
    connections.push(record);
    sockets.add(client);
    client.on('error', () => {});
    client.on('data', (chunk) => {
      record.request = append(record.request, chunk, maxBytes);
    });
    if (target === null) {
      client.on('close', () => {
        record.closed = true;
        sockets.delete(client);
      });
      return;
    }
    client.pause();
    const upstream = connect({
      port: target.port,
      host: target.host ?? '127.0.0.1',
      allowHalfOpen,
      noDelay: true,
      ...(target.localAddress === undefined ? {} : { localAddress: target.localAddress }),
    });
    sockets.add(upstream);
    upstream.on('connect', () => {
      record.upstreamLocalPort = upstream.localPort ?? null;
      client.resume();
    });
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      record.response = append(record.response, chunk, maxBytes);
      client.write(chunk);
    });
    const finish = () => {
      record.closed = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', finish);
    upstream.on('close', finish);
    upstream.on('error', finish);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port,
    connections,
    async waitIdle(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (connections.some((connection) => !connection.closed)) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return true;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * @param {string} message
 * @returns {TypeError & { code: 'WIRE_BAD_OPTION' }}
 */
function badOption(message) {
  return Object.assign(new TypeError(message), { code: /** @type {const} */ ('WIRE_BAD_OPTION') });
}

/**
 * @param {Buffer} recorded
 * @param {Buffer} chunk
 * @param {number} maxBytes
 * @returns {Buffer}
 */
function append(recorded, chunk, maxBytes) {
  if (recorded.length >= maxBytes) return recorded;
  return Buffer.concat([recorded, chunk.subarray(0, maxBytes - recorded.length)]);
}
