// @ts-check
import { connect } from 'node:net';
import { closeFrame } from './builders.js';
import { FrameDecoder } from './decode.js';
import { Opcode } from './opcodes.js';

/** @typedef {import('./index.d.ts').RawExchangeOptions} RawExchangeOptions */
/** @typedef {import('./index.d.ts').RawExchangeOutcome} RawExchangeOutcome */
/** @typedef {import('./index.d.ts').RawResponse} RawResponse */
/** @typedef {import('./index.d.ts').WireError} WireError */
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
 * odd casing, a token in a subprotocol, half a request). After a 101 it can write `send` (e.g. a
 * masked text frame) and leave with a close frame then FIN (`leave: 'close'`). Bounded by `timeoutMs`.
 *
 * @param {RawExchangeOptions} options
 * @returns {Promise<RawResponse>}
 * @throws {WireError} code `WIRE_NO_RESPONSE` when the server closes before a complete head,
 *   `WIRE_TIMEOUT` when no complete answer came within `timeoutMs`; socket errors (`ECONNREFUSED`, ...)
 *   as they come
 */
export async function rawExchange(options) {
  const outcome = await settleRawExchange(options);
  if (outcome.error !== null) throw outcome.error;
  return /** @type {RawResponse} */ (outcome.response);
}

/**
 * {@link rawExchange} that never rejects: every end, a failure included, is an outcome with the
 * response so far (null before a complete head), the error (null when the exchange completed) and the
 * time to the response head. For load runs, where a failure is a count, not an exception.
 *
 * @param {RawExchangeOptions} options
 * @returns {Promise<RawExchangeOutcome>}
 */
export function settleRawExchange(options) {
  const request =
    typeof options.request === 'string' ? Buffer.from(options.request, 'utf8') : options.request;
  const timeoutMs = options.timeoutMs ?? 5000;
  const awaitFrame = options.awaitFrame ?? true;
  const leave = options.leave ?? 'destroy';
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      noDelay: true,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    let buffer = Buffer.alloc(0);
    /** @type {RawResponse | null} */
    let response = null;
    /** `head`: reading the head; `body`: a refusal, reading until close; `frame`: waiting for the first frame; `closing`: our close frame and FIN are out */
    let phase = /** @type {'head' | 'body' | 'frame' | 'closing'} */ ('head');
    let elapsedMs = 0;
    let bodyStart = 0;
    const decoder = new FrameDecoder();
    let settled = false;
    /** @param {WireError | null} error */
    const settle = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (response === null) elapsedMs = performance.now() - started;
      resolve({ response, error, elapsedMs });
    };
    /** @param {string} code @param {string} message */
    const fail = (code, message) =>
      settle(
        Object.assign(new Error(`${message}; received ${JSON.stringify(buffer.toString('latin1'))}`), {
          code,
        }),
      );
    /** The answer is complete: leave as asked. */
    const answered = () => {
      if (leave === 'close' && response?.status === 101) {
        phase = 'closing';
        socket.end(closeFrame(1000, '', { mask: true }));
      } else {
        settle(null);
      }
    };
    /** @param {readonly Frame[]} frames */
    const onFrames = (frames) => {
      for (const frame of frames) {
        if (response === null || settled) return;
        if (phase === 'frame') {
          response.frame = frame;
          response.message =
            frame.fin && frame.opcode === Opcode.TEXT && !frame.rsv1 && !frame.rsv2 && !frame.rsv3
              ? frame.payload.toString('utf8')
              : null;
          answered();
        } else if (phase === 'closing' && frame.opcode === Opcode.CLOSE && response.closeReply === null) {
          response.closeReply = frame;
        }
      }
    };
    const timer = setTimeout(
      () => fail('WIRE_TIMEOUT', `no complete answer from port ${options.port} within ${timeoutMs} ms`),
      timeoutMs,
    );
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (response !== null) {
        if (phase !== 'body') onFrames(decoder.push(chunk));
        return;
      }
      const end = buffer.indexOf(HEAD_END);
      if (end === -1) return;
      elapsedMs = performance.now() - started;
      const head = buffer.subarray(0, end).toString('latin1');
      const lines = head.split('\r\n');
      response = {
        head,
        status: Number((lines[0] ?? '').split(' ')[1]),
        headers: lines.slice(1).map((line) => {
          const colon = line.indexOf(':');
          return /** @type {[string, string]} */ ([line.slice(0, colon), line.slice(colon + 1).trim()]);
        }),
        body: '',
        frame: null,
        message: null,
        closeReply: null,
        elapsedMs,
      };
      bodyStart = end + 4;
      if (response.status !== 101) {
        phase = 'body';
        return;
      }
      if (options.send !== undefined) {
        for (const bytes of options.send instanceof Uint8Array ? [options.send] : options.send) {
          socket.write(bytes);
        }
      }
      // Frames in the same read as the 101 count even when not waiting for one.
      phase = 'frame';
      onFrames(decoder.push(buffer.subarray(bodyStart)));
      if (phase === 'frame' && !awaitFrame) answered();
    });
    socket.on('close', () => {
      if (response === null) {
        fail('WIRE_NO_RESPONSE', `port ${options.port} closed the connection before a response`);
        return;
      }
      if (phase === 'body') response.body = buffer.subarray(bodyStart).toString('utf8');
      settle(null);
    });
    socket.on('error', (error) => {
      if (response === null)
        fail(/** @type {NodeJS.ErrnoException} */ (error).code ?? 'WIRE_SOCKET', error.message);
    });
    socket.write(request);
  });
}
