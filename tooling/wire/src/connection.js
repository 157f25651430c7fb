// @ts-check
import { randomBytes } from 'node:crypto';
import { closeFrame } from './builders.js';
import { FrameDecoder } from './decode.js';
import { encodeFrame, toBuffer } from './encode.js';
import { Opcode } from './opcodes.js';

/** @typedef {import('./index.d.ts').Frame} Frame */
/** @typedef {import('./index.d.ts').WireEvent} WireEvent */
/** @typedef {import('./index.d.ts').FrameSpec} FrameSpec */
/** @typedef {import('./index.d.ts').HttpHead} HttpHead */

/**
 * One upgraded TCP connection seen from the raw side. It records every frame and TCP event the peer
 * produces (`events`), and writes exactly what a test asks for. Nothing happens on its own: no pong,
 * no close reply, no FIN. A peer that half-closes finds this side still open ("never close TCP")
 * until the test calls `end()`, `destroy()` or `reset()`.
 */
export class RawConnection {
  /** @type {import('node:net').Socket} */
  #socket;
  #decoder = new FrameDecoder();
  /** @type {Set<() => void>} */
  #waiters = new Set();
  #frameCursor = 0;

  /**
   * @param {import('node:net').Socket} socket  already upgraded
   * @param {'server' | 'client'} role  a client masks its frames (random key unless one is given)
   * @param {HttpHead} head  the request (server side) or the response (client side)
   * @param {Buffer} rest  bytes that arrived after the head
   */
  constructor(socket, role, head, rest) {
    this.#socket = socket;
    this.role = role;
    this.head = head;
    /** @type {WireEvent[]} */
    this.events = [];
    /** Resolves when the TCP connection is fully closed. */
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(undefined)));
    socket.on('data', (chunk) => {
      for (const frame of this.#decoder.push(chunk)) this.#record({ type: 'frame', frame, at: Date.now() });
    });
    socket.on('end', () => this.#record({ type: 'fin', at: Date.now() }));
    socket.on('error', (error) => {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? 'UNKNOWN';
      this.#record({ type: code === 'ECONNRESET' ? 'rst' : 'error', code, at: Date.now() });
    });
    socket.on('close', (hadError) => this.#record({ type: 'close', hadError, at: Date.now() }));
    if (rest.length > 0) {
      for (const frame of this.#decoder.push(rest)) this.#record({ type: 'frame', frame, at: Date.now() });
    }
    socket.resume();
  }

  /** Every frame received so far. */
  get frames() {
    /** @type {Frame[]} */
    const frames = [];
    for (const event of this.events) if (event.type === 'frame') frames.push(event.frame);
    return frames;
  }

  /** The underlying socket, for what this class does not cover. */
  get socket() {
    return this.#socket;
  }

  /**
   * Writes bytes exactly as given (one TCP write; Nagle is off).
   *
   * @param {Uint8Array | readonly Uint8Array[]} bytes  several buffers are joined into one write
   * @returns {Promise<void>} resolves when the bytes were handed to the kernel
   */
  write(bytes) {
    const data = bytes instanceof Uint8Array ? bytes : Buffer.concat(/** @type {Uint8Array[]} */ (bytes));
    return new Promise((resolve, reject) => {
      this.#socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Encodes and writes one frame. A client masks by default with a random key.
   *
   * @param {FrameSpec} spec
   */
  sendFrame(spec) {
    const mask = spec.mask ?? (this.role === 'client' ? randomBytes(4) : false);
    return this.write(encodeFrame({ ...spec, mask }));
  }

  /** @param {string | Uint8Array} text */
  sendText(text) {
    return this.sendFrame({ opcode: Opcode.TEXT, payload: toBuffer(text) });
  }

  /** @param {Uint8Array | ArrayBuffer} bytes */
  sendBinary(bytes) {
    return this.sendFrame({ opcode: Opcode.BINARY, payload: toBuffer(bytes) });
  }

  /**
   * @param {number} [code]
   * @param {string | Uint8Array} [reason]
   */
  sendClose(code, reason) {
    return this.write(closeFrame(code, reason, { mask: this.role === 'client' ? randomBytes(4) : false }));
  }

  /** Half-closes: sends FIN, keeps reading. */
  end() {
    this.#socket.end();
  }

  /** Closes the socket without a close frame (FIN, then the fd is released). */
  destroy() {
    this.#socket.destroy();
  }

  /** Aborts the connection with a TCP RST. */
  reset() {
    if (typeof this.#socket.resetAndDestroy === 'function') this.#socket.resetAndDestroy();
    else this.#socket.destroy();
  }

  /**
   * The next frame not yet returned by `nextFrame()`, waiting up to `timeoutMs`.
   *
   * @param {number} [timeoutMs]
   * @returns {Promise<Frame>}
   */
  async nextFrame(timeoutMs = 5000) {
    const cursor = this.#frameCursor;
    await this.waitFor(() => this.frames.length > cursor, `frame #${cursor + 1}`, timeoutMs);
    this.#frameCursor = cursor + 1;
    return /** @type {Frame} */ (this.frames[cursor]);
  }

  /**
   * Resolves with the first recorded event (past or future) that matches, or rejects after `timeoutMs`.
   *
   * @param {WireEvent['type'] | ((event: WireEvent) => boolean)} match
   * @param {number} [timeoutMs]
   * @returns {Promise<WireEvent>}
   */
  async waitForEvent(match, timeoutMs = 5000) {
    const test =
      typeof match === 'function' ? match : (/** @type {WireEvent} */ event) => event.type === match;
    /** @type {WireEvent | undefined} */
    let found;
    await this.waitFor(
      () => {
        found = this.events.find(test);
        return found !== undefined;
      },
      typeof match === 'string' ? `a '${match}' event` : 'a matching event',
      timeoutMs,
    );
    return /** @type {WireEvent} */ (found);
  }

  /**
   * Resolves once `condition()` holds, re-checking after every recorded event.
   *
   * @param {() => boolean} condition
   * @param {string} what  named in the timeout error
   * @param {number} [timeoutMs]
   * @returns {Promise<void>}
   */
  waitFor(condition, what, timeoutMs = 5000) {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`gave up after ${timeoutMs} ms waiting for ${what}; events: ${this.describe()}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** One line per event, for failure messages. */
  describe() {
    return this.events
      .map((event) =>
        event.type === 'frame'
          ? `frame(op=${event.frame.opcode} fin=${event.frame.fin} len=${event.frame.length})`
          : event.type,
      )
      .join(', ');
  }

  /** @param {WireEvent} event */
  #record(event) {
    this.events.push(event);
    for (const waiter of [...this.#waiters]) waiter();
  }
}
