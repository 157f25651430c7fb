// @ts-check

// Waiting on a WebSocket from either ws or undici through the WHATWG event interface both implement,
// always bounded in time.

/**
 * @typedef {object} EventSocket the part of the WHATWG WebSocket interface used here
 * @property {number} readyState
 * @property {string} protocol
 * @property {(type: string, listener: (event: any) => void, options?: { once?: boolean }) => void} addEventListener
 * @property {(type: string, listener: (event: any) => void) => void} removeEventListener
 * @property {(data: string) => void} send
 * @property {(code?: number) => void} close
 */

/**
 * @typedef {object} EmitterSocket the Node EventEmitter side of a ws socket, cheaper than its WHATWG wrappers
 * @property {(type: string, listener: (...args: any[]) => void) => void} on
 * @property {(type: string, listener: (...args: any[]) => void) => void} off
 */

/**
 * @param {EventSocket} socket
 * @returns {socket is EventSocket & EmitterSocket}
 */
function isEmitter(socket) {
  return typeof (/** @type {Partial<EmitterSocket>} */ (socket).on) === 'function';
}

/**
 * Resolve when `type` fires, reject on `error` or `close` first (unless that is the awaited type) or after
 * `timeoutMs`. On ws it listens the way ws users do (EventEmitter), on undici through EventTarget.
 *
 * @param {EventSocket} socket
 * @param {'open' | 'message' | 'close'} type
 * @param {number} timeoutMs
 * @returns {Promise<{ data?: unknown; message?: string }>}
 */
export function nextEvent(socket, type, timeoutMs) {
  const emitter = isEmitter(socket) ? socket : null;
  return new Promise((resolve, reject) => {
    /** @type {[string, (...args: any[]) => void][]} */
    const listeners = [];
    const done = () => {
      clearTimeout(timer);
      for (const [name, listener] of listeners) {
        if (emitter) emitter.off(name, listener);
        else socket.removeEventListener(name, listener);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    listeners.push([
      type,
      (first) => {
        done();
        // EventEmitter 'message' passes the data itself; EventTarget passes an event holding it.
        resolve(emitter ? { data: first } : first);
      },
    ]);
    for (const failure of ['error', 'close']) {
      if (failure === type) continue;
      listeners.push([
        failure,
        (first) => {
          done();
          const message = first instanceof Error ? first.message : first?.message;
          reject(new Error(`'${failure}' before '${type}'${message ? `: ${message}` : ''}`));
        },
      ]);
    }
    for (const [name, listener] of listeners) {
      if (emitter) emitter.on(name, listener);
      else socket.addEventListener(name, listener);
    }
  });
}

/**
 * Close (1000) and wait for the close event; an already closed socket resolves at once.
 *
 * @param {EventSocket} socket
 * @param {number} timeoutMs
 */
export async function closeAndWait(socket, timeoutMs) {
  if (socket.readyState === 3) return;
  const closed = nextEvent(socket, 'close', timeoutMs);
  socket.close(1000);
  await closed;
}

/**
 * Send `text` and wait for the next message; its data as a string.
 *
 * @param {EventSocket} socket
 * @param {string} text
 * @param {number} timeoutMs
 * @returns {Promise<string>}
 */
export async function exchange(socket, text, timeoutMs) {
  const reply = nextEvent(socket, 'message', timeoutMs);
  socket.send(text);
  const { data } = await reply;
  if (typeof data === 'string') return data;
  return Buffer.from(/** @type {ArrayBuffer} */ (data)).toString('utf8');
}
