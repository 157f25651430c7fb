// @ts-check
/** @typedef {import('./index.d.ts').FrameSpec} FrameSpec */

const EMPTY = Buffer.alloc(0);

/**
 * Encodes one RFC 6455 frame exactly as described, including frames no conforming peer would send
 * (reserved bits, reserved opcodes, oversized control frames, non-minimal or lying lengths).
 *
 * @param {FrameSpec} spec
 * @returns {Buffer}
 * @throws {RangeError} an opcode outside 0-15, a mask key that is not 4 bytes, or a `lengthForm`
 *   too small for the declared length
 */
export function encodeFrame(spec) {
  const payload = toBuffer(spec.payload ?? EMPTY);
  const opcode = spec.opcode;
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 15) {
    throw new RangeError(`opcode must be an integer 0-15 (got ${String(opcode)})`);
  }
  const declared = spec.length ?? payload.length;
  const form = spec.lengthForm ?? (declared < 126 ? 7 : declared < 65536 ? 16 : 64);
  if ((form === 7 && declared > 125) || (form === 16 && declared > 65535)) {
    throw new RangeError(`lengthForm ${form} cannot carry a length of ${declared}`);
  }
  const key = maskKeyOf(spec.mask);
  const headerLength = 2 + (form === 16 ? 2 : form === 64 ? 8 : 0) + (key === null ? 0 : 4);
  const frame = Buffer.alloc(headerLength + payload.length);
  frame[0] =
    ((spec.fin ?? true) ? 0x80 : 0) |
    (spec.rsv1 ? 0x40 : 0) |
    (spec.rsv2 ? 0x20 : 0) |
    (spec.rsv3 ? 0x10 : 0) |
    opcode;
  const maskBit = key === null ? 0 : 0x80;
  let offset = 2;
  if (form === 7) {
    frame[1] = maskBit | declared;
  } else if (form === 16) {
    frame[1] = maskBit | 126;
    frame.writeUInt16BE(declared, 2);
    offset = 4;
  } else {
    frame[1] = maskBit | 127;
    frame.writeBigUInt64BE(BigInt(declared), 2);
    offset = 10;
  }
  if (key === null) {
    payload.copy(frame, offset);
  } else {
    frame.set(key, offset);
    offset += 4;
    for (let index = 0; index < payload.length; index++) {
      frame[offset + index] = /** @type {number} */ (payload[index]) ^ /** @type {number} */ (key[index & 3]);
    }
  }
  return frame;
}

/**
 * The payload of a close frame: a 2-byte big-endian code followed by the reason bytes. No code and no
 * reason is the empty payload; any code 0-65535 is accepted (tests send invalid ones on purpose).
 *
 * @param {number} [code]
 * @param {string | Uint8Array} [reason]
 * @returns {Buffer}
 */
export function encodeClosePayload(code, reason) {
  if (code === undefined) {
    return reason === undefined ? EMPTY : toBuffer(reason);
  }
  const reasonBytes = reason === undefined ? EMPTY : toBuffer(reason);
  const payload = Buffer.alloc(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return payload;
}

/**
 * @param {string | Uint8Array | ArrayBuffer} data
 * @returns {Buffer}
 */
export function toBuffer(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * @param {boolean | Uint8Array | undefined} mask
 * @returns {Uint8Array | null}
 */
function maskKeyOf(mask) {
  if (mask === undefined || mask === false) return null;
  if (mask === true) return new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
  if (mask.length !== 4) throw new RangeError(`a mask key is 4 bytes (got ${mask.length})`);
  return mask;
}
