// @ts-check
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { RawConnection } from './connection.js';
import { acceptKey, handshakeLines, parseHead, readHead } from './handshake.js';

/** @typedef {import('./index.d.ts').RawClientOptions} RawClientOptions */

/**
 * Opens a raw WebSocket client connection: it writes the opening handshake itself, checks the
 * server's `Sec-WebSocket-Accept`, and returns a {@link RawConnection} whose frames are masked
 * (random keys unless a frame gives its own `mask`).
 *
 * @param {string} url  `ws://host:port/path?query`
 * @param {RawClientOptions} [options]
 * @returns {Promise<RawConnection>}
 * @throws {Error} when the server does not answer 101 with the right accept key
 */
export async function connectRaw(url, options = {}) {
  const target = new URL(url);
  const socket = connect({
    host: target.hostname,
    port: Number(target.port || 80),
    allowHalfOpen: true,
    noDelay: true,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('error', reject);
  });
  const key = randomBytes(16).toString('base64');
  /** @type {(readonly [string, string])[]} */
  const headers = [];
  if (options.protocols !== undefined && options.protocols.length > 0) {
    headers.push(['Sec-WebSocket-Protocol', options.protocols.join(', ')]);
  }
  if (options.extensions !== undefined) headers.push(['Sec-WebSocket-Extensions', options.extensions]);
  headers.push(...(options.headers ?? []));
  const lines = handshakeLines({
    target: `${target.pathname}${target.search}`,
    host: target.host,
    key,
    headers,
  });
  socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const { head, rest } = await readHead(socket);
  const response = parseHead(head);
  if (!response.startLine.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    throw new Error(`the server refused the upgrade: ${response.startLine}`);
  }
  if (response.headers['sec-websocket-accept'] !== acceptKey(key)) {
    socket.destroy();
    throw new Error(`wrong Sec-WebSocket-Accept: ${String(response.headers['sec-websocket-accept'])}`);
  }
  return new RawConnection(socket, 'client', response, rest);
}
