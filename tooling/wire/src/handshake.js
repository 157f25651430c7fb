// @ts-check
import { createHash, randomBytes } from 'node:crypto';
import { WEBSOCKET_GUID } from './opcodes.js';

/** @typedef {import('./index.d.ts').HttpHead} HttpHead */
/** @typedef {import('./index.d.ts').HandshakeLinesOptions} HandshakeLinesOptions */

/**
 * `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`: base64(SHA-1(key + GUID)) (RFC 6455 section 4.2.2).
 *
 * @param {string} key
 * @returns {string}
 */
export function acceptKey(key) {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

/**
 * The head lines of a WebSocket opening request, for {@link import('./exchange.js').requestBytes}:
 * `GET <target> HTTP/1.1`, `Host`, `Upgrade`, `Connection`, `Sec-WebSocket-Key` (a fresh random key
 * unless `key` is given; `null` leaves the line out), `Sec-WebSocket-Version: 13`, then `headers` in
 * order, duplicates and casing kept.
 *
 * @param {HandshakeLinesOptions} options
 * @returns {string[]}
 */
export function handshakeLines(options) {
  const key = options.key === undefined ? randomBytes(16).toString('base64') : options.key;
  const lines = [
    `GET ${options.target} HTTP/1.1`,
    `Host: ${options.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
  ];
  if (key !== null) lines.push(`Sec-WebSocket-Key: ${key}`);
  lines.push('Sec-WebSocket-Version: 13');
  for (const [name, value] of options.headers ?? []) lines.push(`${name}: ${value}`);
  return lines;
}

/**
 * Parses an HTTP/1.1 request or response head (without the blank line). Header names are
 * lower-cased; repeated headers are joined with ", " in `headers` and kept apart in `rawHeaders`.
 *
 * @param {string} head
 * @returns {HttpHead}
 */
export function parseHead(head) {
  const lines = head.split('\r\n');
  const startLine = lines[0] ?? '';
  /** @type {Record<string, string>} */
  const headers = Object.create(null);
  /** @type {[string, string][]} */
  const rawHeaders = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    rawHeaders.push([name, value]);
    const lower = name.toLowerCase();
    headers[lower] = lower in headers ? `${headers[lower]}, ${value}` : value;
  }
  return { startLine, headers, rawHeaders, text: head };
}

/**
 * Reads from `socket` until the end of an HTTP head (`\r\n\r\n`). Resolves with the head text and any
 * bytes after it (frames sent in the same TCP segment as the 101).
 *
 * @param {import('node:net').Socket} socket
 * @param {number} [limit]  maximum head size in bytes
 * @returns {Promise<{ head: string; rest: Buffer }>}
 */
export function readHead(socket, limit = 65536) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
    };
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end !== -1) {
        cleanup();
        socket.pause();
        resolve({ head: all.subarray(0, end).toString('latin1'), rest: all.subarray(end + 4) });
      } else if (size > limit) {
        cleanup();
        reject(new Error(`HTTP head larger than ${limit} bytes`));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('the peer ended the connection before the HTTP head was complete'));
    };
    /** @param {Error} error */
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
  });
}

/**
 * The HTTP head of recorded bytes (up to, not including, the blank line) as Latin-1 text; all the
 * bytes when the head is not complete yet.
 *
 * @param {Uint8Array} bytes  e.g. a {@link import('./index.d.ts').RecordedConnection}'s `request`
 * @returns {string}
 */
export function headText(bytes) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? text : text.slice(0, end);
}
