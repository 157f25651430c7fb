// @ts-check
import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { decodeServerFrame, encodeClientFrame, encodeCloseFrame } from './frame.mjs';

/**
 * @typedef {object} RawHandshakeOptions
 * @property {number} port server port on 127.0.0.1
 * @property {string} [localAddress] source address (another 127.x.y.z is another, untrusted, peer)
 * @property {string} target request target, e.g. `/echo?room=1`
 * @property {readonly (readonly [string, string])[]} headers header lines sent after the WebSocket ones, in order, duplicates kept
 * @property {string} [message] after a 101: send this text and wait for one text frame back
 * @property {number} [stallAfterBytes] send only this many bytes of the request, then wait for the server
 * @property {boolean} [omitKey] leave out Sec-WebSocket-Key (for a hand-built key in `headers`)
 * @property {number} timeoutMs give up (and destroy the socket) after this long
 */

/**
 * @typedef {object} RawHandshakeResult
 * @property {number | null} status HTTP status of the response, null when the server closed without one
 * @property {string | null} protocol the Sec-WebSocket-Protocol answered with a 101
 * @property {string | null} reply text of the frame received after `message`
 * @property {string | null} error `timeout`, a socket error code, or a protocol complaint
 * @property {number} elapsedMs from connect to the status line (or to the close, when there was none)
 */

const headerEnd = Buffer.from('\r\n\r\n');

/**
 * One WebSocket opening handshake written byte by byte on a plain TCP socket, so a request can
 * carry what no client library sends: duplicated headers, 20 KB headers, half a request.
 * Settles once: never rejects, every outcome is in the result.
 *
 * @param {RawHandshakeOptions} options
 * @returns {Promise<RawHandshakeResult>}
 */
export function rawHandshake(options) {
  const lines = [`GET ${options.target} HTTP/1.1`, `Host: 127.0.0.1:${options.port}`, 'Upgrade: websocket'];
  lines.push('Connection: Upgrade', 'Sec-WebSocket-Version: 13');
  if (!options.omitKey) lines.push(`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`);
  for (const [name, value] of options.headers) lines.push(`${name}: ${value}`);
  const request = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  const toSend =
    options.stallAfterBytes === undefined ? request : request.subarray(0, options.stallAfterBytes);

  return new Promise((resolve) => {
    const started = performance.now();
    /** @type {RawHandshakeResult} */
    const result = { status: null, protocol: null, reply: null, error: null, elapsedMs: 0 };
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const socket = connectTcp({
      host: '127.0.0.1',
      port: options.port,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);

    /** @param {string | null} error */
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error && !result.error) result.error = error;
      if (result.status === null) result.elapsedMs = performance.now() - started;
      socket.destroy();
      resolve(result);
    };

    const closeCleanly = () => {
      // Our close frame, then FIN: the server answers with its own close frame and ends the socket.
      socket.end(encodeCloseFrame());
    };

    socket.on('connect', () => socket.write(toSend));
    socket.on('error', (error) => finish(/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message));
    socket.on('close', () =>
      finish(
        upgraded && options.message !== undefined && result.reply === null ? 'closed before the reply' : null,
      ),
    );
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (result.status === null) {
        const end = buffered.indexOf(headerEnd);
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        buffered = buffered.subarray(end + 4);
        result.elapsedMs = performance.now() - started;
        const statusLine = head.slice(0, head.indexOf('\r\n') === -1 ? head.length : head.indexOf('\r\n'));
        const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine);
        if (!match) return finish(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 60))}`);
        result.status = Number(match[1]);
        if (result.status !== 101) return finish(null);
        upgraded = true;
        const protocolLine = /\r\nsec-websocket-protocol: *([^\r]*)/i.exec(head);
        result.protocol = protocolLine ? /** @type {string} */ (protocolLine[1]) : null;
        if (options.message === undefined) return closeCleanly();
        socket.write(encodeClientFrame(0x1, Buffer.from(options.message)));
      }
      if (upgraded && options.message !== undefined && result.reply === null) {
        const frame = decodeServerFrame(buffered);
        if (!frame) return;
        buffered = buffered.subarray(frame.length);
        if (frame.opcode !== 0x1) return finish(`expected a text frame, got opcode ${frame.opcode}`);
        result.reply = frame.payload.toString('utf8');
        closeCleanly();
      }
    });
  });
}
