// @ts-check
import { createServer } from 'node:net';
import { RawConnection } from './connection.js';
import { acceptKey, parseHead, readHead } from './handshake.js';

/** @typedef {import('./index.d.ts').RawServerOptions} RawServerOptions */
/** @typedef {import('./index.d.ts').RawServer} RawServer */

/**
 * Starts a raw WebSocket server on 127.0.0.1 (ephemeral port). It completes the opening handshake
 * itself (SHA-1 + GUID accept; a subprotocol or extensions answer only when asked) and hands each
 * upgraded connection to the test as a {@link RawConnection}. After the 101 it writes nothing on its own.
 *
 * @param {RawServerOptions} [options]
 * @returns {Promise<RawServer>}
 */
export async function startRawServer(options = {}) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {RawConnection[]} */
  const connections = [];
  /** @type {Set<() => void>} */
  const waiters = new Set();
  const server = createServer({ allowHalfOpen: true, noDelay: true }, async (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head;
    try {
      head = await readHead(socket);
    } catch {
      socket.destroy();
      return;
    }
    const request = parseHead(head.head);
    const key = request.headers['sec-websocket-key'];
    if (key === undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((protocol) => protocol.trim())
      .filter((protocol) => protocol !== '');
    const protocol = typeof options.protocol === 'function' ? options.protocol(offered) : options.protocol;
    const lines = [
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    ];
    if (protocol !== undefined && protocol !== null) lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
    if (options.extensions !== undefined) lines.push(`Sec-WebSocket-Extensions: ${options.extensions}`);
    for (const [name, value] of options.headers ?? []) lines.push(`${name}: ${value}`);
    const greeting = options.greeting ?? [];
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), ...greeting]));
    connections.push(new RawConnection(socket, 'server', request, head.rest));
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  let taken = 0;
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}/`,
    connections,
    nextConnection(timeoutMs = 5000) {
      const index = taken++;
      const existing = connections[index];
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const check = () => {
          const connection = connections[index];
          if (connection === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(connection);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no WebSocket connection #${index + 1} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
