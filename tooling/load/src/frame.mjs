// @ts-check
import { randomBytes } from 'node:crypto';

// The few RFC 6455 frames a raw client needs: masked text and close frames out, unmasked frames in.

/**
 * A masked client frame (payloads below 64 KiB).
 *
 * @param {number} opcode 0x1 text, 0x8 close
 * @param {Buffer} payload
 * @returns {Buffer}
 */
export function encodeClientFrame(opcode, payload) {
  const extended = payload.length < 126 ? 0 : 2;
  const frame = Buffer.allocUnsafe(2 + extended + 4 + payload.length);
  frame[0] = 0x80 | opcode;
  if (extended === 0) {
    frame[1] = 0x80 | payload.length;
  } else {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payload.length, 2);
  }
  const maskOffset = 2 + extended;
  randomBytes(4).copy(frame, maskOffset);
  for (let i = 0; i < payload.length; i++) {
    frame[maskOffset + 4 + i] = payload.readUInt8(i) ^ frame.readUInt8(maskOffset + (i & 3));
  }
  return frame;
}

/** A close frame with status 1000. */
export function encodeCloseFrame() {
  return encodeClientFrame(0x8, Buffer.from([0x03, 0xe8]));
}

/**
 * The first complete unmasked server frame at the start of `buffer`, or null if more bytes are needed.
 *
 * @param {Buffer} buffer
 * @returns {{ opcode: number; payload: Buffer; length: number } | null}
 */
export function decodeServerFrame(buffer) {
  if (buffer.length < 2) return null;
  const opcode = buffer.readUInt8(0) & 0x0f;
  let length = buffer.readUInt8(1) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return null;
  return { opcode, payload: buffer.subarray(offset, offset + length), length: offset + length };
}
