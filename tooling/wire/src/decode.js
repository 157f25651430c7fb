// @ts-check

/** @typedef {import('./index.d.ts').Frame} Frame */
/** @typedef {import('./index.d.ts').ClosePayload} ClosePayload */

/**
 * An incremental RFC 6455 frame decoder. It never validates: every frame comes out as it was on the
 * wire (reserved bits, reserved opcodes, masked or not), with the payload unmasked, so tests can assert
 * exactly what a peer sent. Chunks may split a frame anywhere.
 */
export class FrameDecoder {
  /** @type {Buffer[]} */
  #chunks = [];
  #size = 0;
  /** Bytes needed before the next frame can be complete; avoids re-joining chunks on every push. */
  #need = 2;

  /** Bytes received that do not yet form a whole frame. */
  get buffered() {
    return this.#size;
  }

  /**
   * Adds bytes and returns every frame they complete, in order.
   *
   * @param {Uint8Array} chunk
   * @returns {Frame[]}
   */
  push(chunk) {
    this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.#size += chunk.byteLength;
    /** @type {Frame[]} */
    const frames = [];
    if (this.#size < this.#need) return frames;
    let pending =
      this.#chunks.length === 1 ? /** @type {Buffer} */ (this.#chunks[0]) : Buffer.concat(this.#chunks);
    for (;;) {
      const result = decodeOne(pending);
      if ('need' in result) {
        this.#need = result.need;
        break;
      }
      frames.push(result.frame);
      pending = pending.subarray(result.size);
    }
    this.#chunks = pending.length === 0 ? [] : [pending];
    this.#size = pending.length;
    return frames;
  }
}

/**
 * Decodes every whole frame in `bytes`; `rest` holds the bytes of an incomplete last frame.
 *
 * @param {Uint8Array} bytes
 * @returns {{ frames: Frame[]; rest: Buffer }}
 */
export function decodeFrames(bytes) {
  const decoder = new FrameDecoder();
  const frames = decoder.push(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { frames, rest: buffer.subarray(buffer.length - decoder.buffered) };
}

/**
 * Splits a close frame's payload into its code and reason. `code` is `null` for an empty payload;
 * a 1-byte payload (invalid) gives `code: null` and that byte as the reason.
 *
 * @param {Uint8Array} payload
 * @returns {ClosePayload}
 */
export function decodeClosePayload(payload) {
  const buffer = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (buffer.length < 2) return { code: null, reason: buffer, reasonText: buffer.toString('utf8') };
  const reason = buffer.subarray(2);
  return { code: buffer.readUInt16BE(0), reason, reasonText: reason.toString('utf8') };
}

/**
 * @param {Buffer} bytes
 * @returns {{ frame: Frame; size: number } | { need: number }}
 */
function decodeOne(bytes) {
  if (bytes.length < 2) return { need: 2 };
  const first = /** @type {number} */ (bytes[0]);
  const second = /** @type {number} */ (bytes[1]);
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  /** @type {7 | 16 | 64} */
  let lengthForm = 7;
  let offset = 2;
  if (length === 126) {
    if (bytes.length < 4) return { need: 4 };
    length = bytes.readUInt16BE(2);
    lengthForm = 16;
    offset = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return { need: 10 };
    const big = bytes.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`frame length ${big} is too large`);
    length = Number(big);
    lengthForm = 64;
    offset = 10;
  }
  /** @type {Uint8Array | null} */
  let maskKey = null;
  if (masked) {
    if (bytes.length < offset + 4) return { need: offset + 4 };
    maskKey = Uint8Array.from(bytes.subarray(offset, offset + 4));
    offset += 4;
  }
  if (bytes.length < offset + length) return { need: offset + length };
  const payload = Buffer.from(bytes.subarray(offset, offset + length));
  if (maskKey !== null) {
    for (let index = 0; index < payload.length; index++) {
      payload[index] = /** @type {number} */ (payload[index]) ^ /** @type {number} */ (maskKey[index & 3]);
    }
  }
  return {
    frame: {
      fin: (first & 0x80) !== 0,
      rsv1: (first & 0x40) !== 0,
      rsv2: (first & 0x20) !== 0,
      rsv3: (first & 0x10) !== 0,
      opcode: first & 0x0f,
      masked,
      maskKey,
      length,
      lengthForm,
      payload,
    },
    size: offset + length,
  };
}
