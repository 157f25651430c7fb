// @ts-check
import { connect } from 'node:net';
import { FrameDecoder } from './decode.js';

/** @typedef {import('./index.d.ts').RawExchangeOptions} RawExchangeOptions */
/** @typedef {import('./index.d.ts').RawResponse} RawResponse */
/** @typedef {import('./index.d.ts').Frame} Frame */

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Request bytes from head lines: the lines joined with CRLF, then the blank line, as UTF-8.
 *
 * @param {readonly string[]} lines  start line, then header lines, exactly as they should be sent
 * @returns {Buffer}
 */
export function requestBytes(lines) {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

/**
 * Writes exact request bytes on a plain TCP socket (optionally from a chosen local address) and reads
 * the answer: the response head, then either the first WebSocket frame after a 101 or, for a refusal,
 * the body until the server closes. Use it for requests no client library sends (duplicate headers,
 * odd casing, a token in a subprotocol). Bounded by `timeoutMs`.
 *
 * @param {RawExchangeOptions} options
 * @returns {Promise<RawResponse>}
 * @throws {Error} code `WIRE_NO_RESPONSE` when the server closes before a complete head, `WIRE_TIMEOUT`
 *   when no complete answer came within `timeoutMs`; socket errors (`ECONNREFUSED`, ...) as they come
 */
export function rawExchange(options) {
  const request =
    typeof options.request === 'string' ? Buffer.from(options.request, 'utf8') : options.request;
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const socket = connect({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      noDelay: true,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    let buffer = Buffer.alloc(0);
    /** @type {Omit<RawResponse, 'body' | 'frame' | 'message'> | null} */
    let response = null;
    let bodyStart = 0;
    const decoder = new FrameDecoder();
    let settled = false;
    /** @param {string} code @param {string} message */
    const fail = (code, message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(
        Object.assign(new Error(`${message}; received ${JSON.stringify(buffer.toString('latin1'))}`), {
          code,
        }),
      );
    };
    /** @param {Frame | null} frame */
    const finish = (frame) => {
      if (settled || response === null) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const body = frame === null ? buffer.subarray(bodyStart).toString('utf8') : '';
      const message =
        frame?.fin && frame.opcode === 0x1 && !frame.rsv1 && !frame.rsv2 && !frame.rsv3
          ? frame.payload.toString('utf8')
          : null;
      resolve({ ...response, body, frame, message });
    };
    const timer = setTimeout(
      () => fail('WIRE_TIMEOUT', `no complete answer from port ${options.port} within ${timeoutMs} ms`),
      timeoutMs,
    );
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (response === null) {
        const end = buffer.indexOf(HEAD_END);
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const lines = head.split('\r\n');
        const statusLine = lines[0] ?? '';
        response = {
          head,
          status: Number(statusLine.split(' ')[1]),
          headers: lines.slice(1).map((line) => {
            const colon = line.indexOf(':');
            return /** @type {[string, string]} */ ([line.slice(0, colon), line.slice(colon + 1).trim()]);
          }),
        };
        bodyStart = end + 4;
        if (response.status === 101) {
          const frames = decoder.push(buffer.subarray(bodyStart));
          if (frames.length > 0) finish(frames[0] ?? null);
        }
        return;
      }
      if (response.status === 101) {
        const frames = decoder.push(chunk);
        if (frames.length > 0) finish(frames[0] ?? null);
      }
    });
    socket.on('close', () => {
      if (response === null)
        fail('WIRE_NO_RESPONSE', `port ${options.port} closed the connection before a response`);
      else finish(null);
    });
    socket.on('error', (error) => {
      if (response === null)
        fail(/** @type {NodeJS.ErrnoException} */ (error).code ?? 'WIRE_SOCKET', error.message);
    });
    socket.write(request);
  });
}
