// @ts-check
import { encodeClosePayload, encodeFrame, toBuffer } from './encode.js';
import { Opcode } from './opcodes.js';

/** @typedef {import('./index.d.ts').FrameOptions} FrameOptions */

/**
 * A single text frame. The text is UTF-8 encoded; pass bytes to send invalid UTF-8 on purpose.
 *
 * @param {string | Uint8Array} text
 * @param {FrameOptions} [options]
 */
export function textFrame(text, options = {}) {
  return encodeFrame({ ...options, opcode: Opcode.TEXT, payload: toBuffer(text) });
}

/**
 * A single binary frame.
 *
 * @param {Uint8Array | ArrayBuffer | readonly number[]} bytes
 * @param {FrameOptions} [options]
 */
export function binaryFrame(bytes, options = {}) {
  const payload = Array.isArray(bytes) ? Buffer.from(bytes) : toBuffer(/** @type {Uint8Array} */ (bytes));
  return encodeFrame({ ...options, opcode: Opcode.BINARY, payload });
}

/**
 * A close frame. `closeFrame()` has an empty payload; any code 0-65535 and any reason bytes are allowed
 * (1005 in a frame, 1-byte payloads via `encodeFrame`, invalid UTF-8 reasons as bytes).
 *
 * @param {number} [code]
 * @param {string | Uint8Array} [reason]
 * @param {FrameOptions} [options]
 */
export function closeFrame(code, reason, options = {}) {
  return encodeFrame({ ...options, opcode: Opcode.CLOSE, payload: encodeClosePayload(code, reason) });
}

/**
 * A ping frame.
 *
 * @param {string | Uint8Array} [data]
 * @param {FrameOptions} [options]
 */
export function pingFrame(data = '', options = {}) {
  return encodeFrame({ ...options, opcode: Opcode.PING, payload: toBuffer(data) });
}

/**
 * A pong frame (solicited or not).
 *
 * @param {string | Uint8Array} [data]
 * @param {FrameOptions} [options]
 */
export function pongFrame(data = '', options = {}) {
  return encodeFrame({ ...options, opcode: Opcode.PONG, payload: toBuffer(data) });
}

/**
 * One message as fragments: the first frame carries `opcode`, the rest are continuations, only the
 * last has FIN. Returns one Buffer per frame so a test can interleave control frames or delays.
 *
 * @param {number} opcode  `Opcode.TEXT` or `Opcode.BINARY` (anything else, on purpose)
 * @param {readonly (string | Uint8Array)[]} parts  at least one
 * @param {FrameOptions} [options]
 * @returns {Buffer[]}
 */
export function fragmentFrames(opcode, parts, options = {}) {
  if (parts.length === 0) throw new RangeError('a fragmented message needs at least one part');
  return parts.map((part, index) =>
    encodeFrame({
      ...options,
      opcode: index === 0 ? opcode : Opcode.CONTINUATION,
      fin: index === parts.length - 1,
      payload: toBuffer(part),
    }),
  );
}
