// The facade: one WHATWG WebSocket over ws 2-8 (client and server side), undici 5-8, Node's global
// WebSocket and browsers. What each part normalizes, and why, is in the README's table; the measured
// behaviours are in /work/shared/research/after-handshake-facts.md.
import { abnormalClosure, classifyHandshakeError, classifyOpenError } from './_classify.js';
import { closeArguments } from './_close-arguments.js';
import { unwatch, type Watched, watch } from './_close-watch.js';
import {
  type AddOptions,
  addEntry,
  addOptions,
  type ListenerEntry,
  type ListenerMap,
  removeEntry,
} from './_listeners.js';
import { type RawSocket, type RawWebSocket, type RawWs, rawKind } from './_raw.js';
import { byteLengthOf, toSendable } from './_send-data.js';
import { SocketError } from './errors.js';
import {
  type BinaryData,
  kStopped,
  kTarget,
  type NodeBuffer,
  SocketCloseEvent,
  SocketErrorEvent,
  SocketEvent,
  SocketMessageEvent,
} from './events.js';
import type {
  BinaryType,
  CloseInfo,
  CompatSocket,
  SocketAddEventListenerOptions,
  SocketEventListener,
  SocketEventListenerOptions,
  SocketOptions,
} from './types.js';

/** Where the wrapper is kept on the raw socket: wrapping twice returns it, raw listeners find it. */
const kCompat: unique symbol = Symbol.for('ws-compat.socket');

/** Default `closeTimeoutMs`: ws's own close timeout, so ws keeps its timing. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Handler = ((this: CompatSocket, event: Event) => unknown) | null;

interface BufferConstructorLike {
  from(data: ArrayBuffer | Uint8Array): NodeBuffer;
}
const NodeBufferClass = (globalThis as { Buffer?: BufferConstructorLike }).Buffer;

function defaultListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[@ws-compat/socket] an event listener threw; the connection carries on:', error);
}

function isBinaryType(value: unknown): value is BinaryType {
  return (
    value === 'blob' || value === 'arraybuffer' || (value === 'nodebuffer' && NodeBufferClass !== undefined)
  );
}

/** A Buffer / Uint8Array as its own ArrayBuffer (a copy of exactly its bytes). */
function toArrayBuffer(view: Uint8Array): ArrayBuffer {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

/** The per-socket options after defaults; shared when the defaults are used. */
interface Config {
  readonly closeTimeoutMs: number;
  readonly onListenerError: (error: unknown) => void;
}

/** State most sockets never need: kept out of the facade so an idle socket stays small. */
interface Rare {
  onopen: Handler;
  onmessage: Handler;
  onerror: Handler;
  onclose: Handler;
  /** Events waiting for a microtask, in order: error and close never fire inside a call into the socket. */
  deferred: SocketEvent[] | null;
  closed: Promise<CloseInfo> | null;
  resolveClosed: ((info: CloseInfo) => void) | null;
  closeInfo: CloseInfo | null;
  /** The first error the implementation reported, kept until `close` decides what to report. */
  rawError: SocketError | null;
  rawErrorSeen: boolean;
  /** Sends waiting behind a Blob being read, in order; null when none. */
  queue: unknown[] | null;
  queuedBytes: number;
  droppedBytes: number;
  closingSince: number;
}

function newRare(): Rare {
  return {
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    deferred: null,
    closed: null,
    resolveClosed: null,
    closeInfo: null,
    rawError: null,
    rawErrorSeen: false,
    queue: null,
    queuedBytes: 0,
    droppedBytes: 0,
    closingSince: 0,
  };
}

const DEFAULT_CONFIG: Config = {
  closeTimeoutMs: DEFAULT_CLOSE_TIMEOUT_MS,
  onListenerError: defaultListenerError,
};

let onWsOpen: (this: RawWs, ...args: never[]) => void,
  onWsMessage: (this: RawWs, ...args: never[]) => void,
  onWsError: (this: RawWs, ...args: never[]) => void,
  onWsClose: (this: RawWs, ...args: never[]) => void,
  onWebOpen: (this: RawWebSocket, event: Event) => void,
  onWebMessage: (this: RawWebSocket, event: Event) => void,
  onWebError: (this: RawWebSocket, event: Event) => void,
  onWebClose: (this: RawWebSocket, event: Event) => void;

export class WrappedSocket implements Watched {
  readonly #raw: RawSocket;
  readonly #isWs: boolean;
  #state: number;
  #binaryType: BinaryType;
  readonly #config: Config;
  #listeners: ListenerMap | null = null;
  /** Set once the facade has decided how the connection ended; later raw events are ignored. */
  #finished = false;
  /** Everything most sockets never need (handlers, closing, Blob queue), allocated on first use. */
  #rare: Rare | null = null;

  /** The rarely needed state, created on first use. */
  get #extra(): Rare {
    if (this.#rare === null) this.#rare = newRare();
    return this.#rare;
  }

  constructor(raw: RawSocket, isWs: boolean, options: SocketOptions) {
    this.#raw = raw;
    this.#isWs = isWs;
    this.#binaryType = options.binaryType ?? 'blob';
    this.#config =
      options.closeTimeoutMs === undefined && options.onListenerError === undefined
        ? DEFAULT_CONFIG
        : {
            closeTimeoutMs: options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
            onListenerError: options.onListenerError ?? defaultListenerError,
          };
    const rawState = raw.readyState;
    this.#state = rawState === CONNECTING || rawState === OPEN ? rawState : CLOSING;
    raw[kCompat] = this;
    this.#applyBinaryType();
    if (isWs) {
      const ws = raw as RawWs;
      if (this.#state === CONNECTING) ws.on('open', onWsOpen);
      ws.on('message', onWsMessage);
      ws.on('error', onWsError);
      ws.on('close', onWsClose);
    } else {
      const socket = raw as RawWebSocket;
      if (this.#state === CONNECTING) socket.addEventListener('open', onWebOpen);
      socket.addEventListener('message', onWebMessage);
      socket.addEventListener('error', onWebError);
      socket.addEventListener('close', onWebClose);
    }
    if (this.#state === OPEN) watch(this);
    else if (rawState === CLOSED) this.#finish(1006, '', false, abnormalClosure(null));
  }

  // ---- raw listeners: one shared function per event for all sockets (no closures per socket); `this`
  // is the raw socket, which carries its facade under kCompat. Defined here to reach private members.
  static {
    onWsOpen = function (this: RawWs): void {
      (this[kCompat] as WrappedSocket).#opened();
    };

    onWsMessage = function (this: RawWs, data: unknown, flags: unknown): void {
      const socket = this[kCompat] as WrappedSocket;
      if (socket.#finished) return;
      if (typeof data === 'string') socket.#message(data);
      else if (flags === false) socket.#message((data as Uint8Array).toString());
      else socket.#message(socket.#binary(data));
    };

    onWsError = function (this: RawWs, error: unknown): void {
      (this[kCompat] as WrappedSocket).#errored(error);
    };

    onWsClose = function (this: RawWs, code: unknown, reason: unknown): void {
      const text = typeof reason === 'string' ? reason : reason == null ? '' : String(reason);
      const number = typeof code === 'number' ? code : 1006;
      (this[kCompat] as WrappedSocket).#rawClosed(number, text, number !== 1006);
    };

    onWebOpen = function (this: RawWebSocket): void {
      (this[kCompat] as WrappedSocket).#opened();
    };

    onWebMessage = function (this: RawWebSocket, event: Event): void {
      const socket = this[kCompat] as WrappedSocket;
      if (socket.#finished) return;
      const data = (event as MessageEvent).data as unknown;
      if (typeof data === 'string') socket.#message(data);
      else if (data === null || data === undefined) socket.#undeliverable();
      else socket.#message(socket.#binary(data));
    };

    onWebError = function (this: RawWebSocket, event: Event): void {
      (this[kCompat] as WrappedSocket).#errored(event);
    };

    onWebClose = function (this: RawWebSocket, event: Event): void {
      const close = event as CloseEvent;
      const code = typeof close.code === 'number' ? close.code : 1006;
      (this[kCompat] as WrappedSocket).#rawClosed(code, String(close.reason ?? ''), close.wasClean === true);
    };
  }

  // ---- what the raw events mean -------------------------------------------------------------------

  #opened(): void {
    if (this.#finished || this.#state !== CONNECTING) return;
    this.#state = OPEN;
    // the open listener has done its job; an open socket keeps three listeners on the raw one
    if (this.#isWs) (this.#raw as RawWs).removeListener('open', onWsOpen);
    else (this.#raw as RawWebSocket).removeEventListener('open', onWebOpen);
    watch(this);
    this.#emit(new SocketEvent('open'), 'open');
  }

  #message(data: string | BinaryData): void {
    const rare = this.#rare;
    if (rare !== null && rare.deferred !== null) {
      rare.deferred.push(new SocketMessageEvent(data));
      return;
    }
    // Constructing an Event is most of the facade's cost per message (Node's constructor reads the
    // clock): a socket nobody listens to for messages creates none.
    const list = this.#listeners?.get('message');
    if (list !== undefined) this.#run(new SocketMessageEvent(data), 'message', list);
  }

  #binary(data: unknown): BinaryData {
    const type = this.#binaryType;
    if (type === 'blob') return data instanceof Blob ? data : new Blob([data as ArrayBuffer]);
    if (type === 'arraybuffer') return data instanceof ArrayBuffer ? data : toArrayBuffer(data as Uint8Array);
    // nodebuffer: ws hands over Buffers already; undici gives ArrayBuffers (raw binaryType 'arraybuffer')
    return data instanceof ArrayBuffer
      ? (NodeBufferClass as BufferConstructorLike).from(data)
      : (data as NodeBuffer);
  }

  /** undici 5 fires `message` with `null` data where it lost a message: fail the connection. */
  #undeliverable(): void {
    if (!this.#extra.rawErrorSeen) {
      this.#extra.rawErrorSeen = true;
      this.#extra.rawError = new SocketError(
        'UNDELIVERABLE_MESSAGE',
        'WebSocket message lost: the implementation delivered a message without data (undici 5 does this for a message of 3 or more fragments, a reserved opcode or an unsolicited pong); the connection is closed',
        null,
      );
    }
    this.#state = CLOSING;
    this.#startClosing();
    this.#callRaw(() => (this.#raw as RawWebSocket).close());
  }

  #errored(reported: unknown): void {
    if (this.#finished) return;
    if (this.#state === CONNECTING) {
      // A failed handshake: undici 5/6 and Node 20/22 never fire `close` after it, so the facade ends here.
      this.#finish(1006, '', false, classifyHandshakeError(reported, this.url));
      this.#detachRaw();
      return;
    }
    if (!this.#extra.rawErrorSeen) {
      this.#extra.rawErrorSeen = true;
      this.#extra.rawError = classifyOpenError(reported);
    }
  }

  #rawClosed(code: number, reason: string, wasClean: boolean): void {
    if (this.#finished) return;
    if (this.#rare?.rawErrorSeen === true || code === 1006) {
      // ws 3-6 report 1002 after a protocol error they did not answer; everyone else 1006
      this.#finish(1006, '', false, this.#rare?.rawError ?? abnormalClosure(null));
    } else {
      this.#finish(code, reason, wasClean, null);
    }
  }

  /** Decides how the connection ended: one optional error, then one close, both after a microtask. */
  #finish(code: number, reason: string, wasClean: boolean, error: SocketError | null): void {
    this.#finished = true;
    unwatch(this);
    if (this.#rare !== null && this.#rare.queue !== null) {
      this.#extra.droppedBytes += this.#extra.queuedBytes;
      this.#extra.queuedBytes = 0;
      this.#extra.queue = null;
    }
    if (error !== null) this.#defer(new SocketErrorEvent(error));
    this.#extra.closeInfo = { code, reason, wasClean };
    this.#defer(new SocketCloseEvent(code, reason, wasClean));
  }

  /** Called by the close watcher on every tick while the socket is watched. */
  checkClosing(now: number): void {
    const rare = this.#rare;
    if (rare === null || rare.closingSince === 0) {
      if (this.#raw.readyState < CLOSING) return;
      this.#extra.closingSince = now;
    }
    if (now - this.#extra.closingSince < this.#config.closeTimeoutMs) return;
    this.#finish(
      1006,
      '',
      false,
      new SocketError(
        'CLOSE_TIMEOUT',
        `WebSocket closing handshake did not finish within closeTimeoutMs (${this.#config.closeTimeoutMs} ms); the connection was dropped`,
        null,
      ),
    );
    if (this.#isWs) this.#callRaw(() => (this.#raw as RawWs).terminate());
    this.#detachRaw();
  }

  #startClosing(): void {
    if (this.#extra.closingSince === 0) this.#extra.closingSince = Date.now();
  }

  /** After the facade has ended: the raw socket's later events are ignored, its error listener stays. */
  #detachRaw(): void {
    this.#finished = true;
  }

  #callRaw(call: () => void): void {
    try {
      call();
    } catch {
      // the facade already decided the outcome; an implementation that throws here changes nothing
    }
  }

  // ---- dispatch ----------------------------------------------------------------------------------

  /** `type` is the event's type, passed along: reading `event.type` is a brand-checked getter in Node. */
  #emit(event: SocketEvent, type: string): void {
    const rare = this.#rare;
    if (rare !== null && rare.deferred !== null) {
      rare.deferred.push(event);
      return;
    }
    this.#dispatch(event, type);
  }

  #defer(event: SocketEvent): void {
    if (this.#extra.deferred === null) {
      this.#extra.deferred = [event];
      queueMicrotask(() => this.#flushDeferred());
    } else {
      this.#extra.deferred.push(event);
    }
  }

  #flushDeferred(): void {
    const events = this.#extra.deferred;
    if (events === null) return;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      const type = event.type;
      if (type === 'error' || type === 'close') this.#state = CLOSED;
      this.#dispatch(event, type);
      if (type === 'close') {
        const info = this.#extra.closeInfo!;
        if (this.#extra.resolveClosed !== null) this.#extra.resolveClosed(info);
        else if (this.#extra.closed === null) this.#extra.closed = Promise.resolve(info);
      }
    }
    this.#extra.deferred = null;
  }

  #dispatch(event: SocketEvent, type: string): void {
    const list = this.#listeners?.get(type);
    if (list === undefined) event[kTarget] = this as unknown as EventTarget;
    else this.#run(event, type, list);
  }

  /** Calls `list` (the listeners of `type` when the dispatch starts) in order. */
  #run(event: SocketEvent, type: string, list: readonly ListenerEntry[]): void {
    event[kTarget] = this as unknown as EventTarget;
    for (let index = 0; index < list.length; index++) {
      const entry = list[index]!;
      if (entry.removed) continue;
      if (entry.once) removeEntry(this.#listeners!, type, (candidate) => candidate === entry);
      const callback = entry.attribute ? this.#handler(type) : entry.callback;
      if (callback !== null) this.#invoke(callback, event);
      if (event[kStopped]) break;
    }
  }

  #invoke(callback: SocketEventListener | Handler, event: Event): void {
    // The one try/catch on the message path: a listener that throws must not reach the implementation
    // (ws stops parsing for good, undici's global crashes the process).
    try {
      if (typeof callback === 'function') callback.call(this as unknown as CompatSocket, event);
      else (callback as EventListenerObject).handleEvent(event);
    } catch (error) {
      this.#reportListenerError(error);
    }
  }

  #reportListenerError(error: unknown): void {
    try {
      this.#config.onListenerError(error);
    } catch (second) {
      defaultListenerError(second);
    }
  }

  #handler(type: string): Handler {
    switch (type) {
      case 'open':
        return this.#rare?.onopen ?? null;
      case 'message':
        return this.#rare?.onmessage ?? null;
      case 'error':
        return this.#rare?.onerror ?? null;
      case 'close':
        return this.#rare?.onclose ?? null;
      default:
        return null;
    }
  }

  #setHandler(type: 'open' | 'message' | 'error' | 'close', handler: unknown): void {
    const value = typeof handler === 'function' ? (handler as Handler) : null;
    const had = this.#handler(type) !== null;
    if (type === 'open') this.#extra.onopen = value;
    else if (type === 'message') this.#extra.onmessage = value;
    else if (type === 'error') this.#extra.onerror = value;
    else this.#extra.onclose = value;
    if (value === null && had) {
      removeEntry(this.#listeners!, type, (entry) => entry.attribute);
    } else if (value !== null && !had) {
      this.#listeners ??= new Map();
      addEntry(this.#listeners, type, {
        callback: null,
        capture: false,
        once: false,
        attribute: true,
        removed: false,
      });
    }
  }

  // ---- the WHATWG interface ------------------------------------------------------------------------

  get raw(): unknown {
    return this.#raw;
  }

  get url(): string {
    const url = (this.#raw as { url?: unknown }).url;
    return typeof url === 'string' ? url : url instanceof URL ? url.href : '';
  }

  get protocol(): string {
    const protocol = (this.#raw as { protocol?: unknown }).protocol;
    return typeof protocol === 'string' ? protocol : '';
  }

  get extensions(): string {
    const extensions = (this.#raw as { extensions?: unknown }).extensions;
    if (typeof extensions === 'string') return extensions;
    // ws 2 and 3: an object keyed by extension name
    return typeof extensions === 'object' && extensions !== null ? Object.keys(extensions).join(', ') : '';
  }

  get readyState(): 0 | 1 | 2 | 3 {
    const state = this.#state;
    if (state !== OPEN) return state as 0 | 2 | 3;
    return this.#raw.readyState >= CLOSING ? CLOSING : OPEN;
  }

  get bufferedAmount(): number {
    const raw = this.#raw.bufferedAmount;
    const rare = this.#rare;
    const own = rare === null ? 0 : rare.queuedBytes + rare.droppedBytes;
    return (typeof raw === 'number' ? raw : 0) + own;
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }

  set binaryType(value: BinaryType) {
    if (!isBinaryType(value)) return;
    this.#binaryType = value;
    this.#applyBinaryType();
  }

  /** What the implementation itself should produce: ws and undici both convert at delivery time. */
  #applyBinaryType(): void {
    const wanted = this.#binaryType;
    const raw = this.#raw;
    if (this.#isWs) raw.binaryType = wanted === 'arraybuffer' ? 'arraybuffer' : 'nodebuffer';
    else raw.binaryType = wanted === 'blob' ? 'blob' : 'arraybuffer';
  }

  get closed(): Promise<CloseInfo> {
    if (this.#extra.closed === null) {
      if (this.#extra.closeInfo !== null && this.#state === CLOSED)
        this.#extra.closed = Promise.resolve(this.#extra.closeInfo);
      else this.#extra.closed = new Promise((resolve) => (this.#extra.resolveClosed = resolve));
    }
    return this.#extra.closed;
  }

  get onopen(): Handler {
    return this.#rare?.onopen ?? null;
  }
  set onopen(handler: Handler) {
    this.#setHandler('open', handler);
  }
  get onmessage(): Handler {
    return this.#rare?.onmessage ?? null;
  }
  set onmessage(handler: Handler) {
    this.#setHandler('message', handler);
  }
  get onerror(): Handler {
    return this.#rare?.onerror ?? null;
  }
  set onerror(handler: Handler) {
    this.#setHandler('error', handler);
  }
  get onclose(): Handler {
    return this.#rare?.onclose ?? null;
  }
  set onclose(handler: Handler) {
    this.#setHandler('close', handler);
  }

  send(data: unknown): void {
    // biome-ignore lint/complexity/noArguments: WHATWG send() tells a missing argument from undefined
    if (arguments.length === 0) {
      throw new TypeError(
        'send() needs 1 argument (a string, ArrayBuffer, ArrayBufferView or Blob), but got none.',
      );
    }
    const state = this.readyState;
    if (state === CONNECTING) {
      throw new DOMException(
        "send() was called while the socket is CONNECTING; wait for the 'open' event before sending.",
        'InvalidStateError',
      );
    }
    const sendable = toSendable(data);
    if (state !== OPEN) {
      this.#extra.droppedBytes += byteLengthOf(sendable);
      return;
    }
    if ((this.#rare !== null && this.#rare.queue !== null) || sendable instanceof Blob) {
      this.#enqueue(sendable);
      return;
    }
    this.#raw.send(sendable);
  }

  /** Blobs are read here, for every implementation, so sends keep their order (ws < 8.18 rejects Blobs, undici 5 reorders them). */
  #enqueue(item: string | ArrayBuffer | Uint8Array | Blob): void {
    this.#extra.queuedBytes += byteLengthOf(item);
    if (this.#extra.queue !== null) {
      this.#extra.queue.push(item);
      return;
    }
    this.#extra.queue = [item];
    void this.#pump();
  }

  async #pump(): Promise<void> {
    for (;;) {
      const queue = this.#extra.queue;
      if (queue === null) return;
      const item = queue[0] as string | ArrayBuffer | Uint8Array | Blob | undefined;
      if (item === undefined) {
        this.#extra.queue = null;
        return;
      }
      const size = byteLengthOf(item);
      const bytes = item instanceof Blob ? new Uint8Array(await item.arrayBuffer()) : item;
      if (this.#extra.queue !== queue) return; // the connection ended meanwhile; bytes were counted as dropped
      queue.shift();
      this.#extra.queuedBytes -= size;
      if (this.readyState === OPEN) this.#raw.send(bytes);
      else this.#extra.droppedBytes += size;
    }
  }

  close(code?: number, reason?: string): void {
    const args = closeArguments(code, reason);
    const state = this.#state;
    if (state === CLOSING || state === CLOSED || this.#finished) return;
    this.#state = CLOSING;
    if (state === CONNECTING) {
      this.#finish(
        1006,
        '',
        false,
        new SocketError(
          'CLOSED_BEFORE_OPEN',
          'WebSocket was closed before the connection was established (close() while CONNECTING)',
          null,
        ),
      );
      this.#detachRaw();
      if (this.#isWs) this.#callRaw(() => (this.#raw as RawWs).terminate());
      else this.#callRaw(() => (this.#raw as RawWebSocket).close());
      return;
    }
    this.#startClosing();
    const raw = this.#raw;
    this.#callRaw(() => {
      if (args.code === undefined) raw.close();
      else if (args.reason === '') raw.close(args.code);
      else raw.close(args.code, args.reason);
    });
  }

  addEventListener(
    type: string,
    callback: SocketEventListener | null,
    options?: boolean | SocketAddEventListenerOptions,
  ): void {
    if (callback === null || callback === undefined) return;
    const parsed: AddOptions = addOptions(options);
    if (parsed.signal?.aborted) return;
    this.#listeners ??= new Map();
    const entry: ListenerEntry = {
      callback,
      capture: parsed.capture,
      once: parsed.once,
      attribute: false,
      removed: false,
    };
    if (addEntry(this.#listeners, String(type), entry) && parsed.signal !== null) {
      parsed.signal.addEventListener(
        'abort',
        () => this.removeEventListener(type, callback, parsed.capture),
        {
          once: true,
        },
      );
    }
  }

  removeEventListener(
    type: string,
    callback: SocketEventListener | null,
    options?: boolean | SocketEventListenerOptions,
  ): void {
    if (this.#listeners === null || callback === null || callback === undefined) return;
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    removeEntry(
      this.#listeners,
      String(type),
      (entry) => !entry.attribute && entry.callback === callback && entry.capture === capture,
    );
  }

  dispatchEvent(event: Event): boolean {
    if (event instanceof SocketEvent) {
      this.#dispatch(event, event.type);
    } else {
      const list = this.#listeners?.get(event.type);
      if (list !== undefined) {
        for (const entry of list) {
          if (entry.removed) continue;
          if (entry.once) removeEntry(this.#listeners!, event.type, (candidate) => candidate === entry);
          const callback = entry.attribute ? this.#handler(event.type) : entry.callback;
          if (callback !== null) this.#invoke(callback, event);
        }
      }
    }
    return !event.defaultPrevented;
  }
}

// WHATWG constants live on the prototype (and on the class), not on each instance.
for (const [name, value] of [
  ['CONNECTING', CONNECTING],
  ['OPEN', OPEN],
  ['CLOSING', CLOSING],
  ['CLOSED', CLOSED],
] as const) {
  Object.defineProperty(WrappedSocket.prototype, name, { value, enumerable: true });
  Object.defineProperty(WrappedSocket, name, { value, enumerable: true });
}
// `instanceof EventTarget` holds without running EventTarget's constructor (two Maps per instance in Node).
if (typeof EventTarget === 'function') Object.setPrototypeOf(WrappedSocket.prototype, EventTarget.prototype);

/**
 * Wraps a WebSocket in the standard facade.
 *
 * @param socket  a client of ws 2-8, undici 5-8, Node's global WebSocket (20/22/24) or a browser, or a
 *   server-side socket of ws 2-8 (inside `connection`). Wrapping the same socket again returns the same facade.
 * @param options  see {@link SocketOptions}
 * @returns the facade; the raw socket stays usable through `raw`, but send and close through the facade
 * @throws {SocketError} `INVALID_SOCKET` when `socket` is not a WebSocket; `INVALID_OPTION` for a bad option
 */
export function wrapSocket(socket: unknown, options: SocketOptions = {}): CompatSocket {
  const kind = rawKind(socket);
  if (kind === null) {
    throw new SocketError(
      'INVALID_SOCKET',
      `wrapSocket() needs a WebSocket (ws, undici, Node's global or a browser's), but got ${describe(socket)}; pass the socket object itself.`,
    );
  }
  const existing = (socket as RawSocket)[kCompat];
  if (existing instanceof WrappedSocket) return existing as unknown as CompatSocket;
  validateOptions(options);
  return new WrappedSocket(socket as RawSocket, kind === 'ws', options) as unknown as CompatSocket;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object')
    return `an object without send/close/readyState (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}

function validateOptions(options: SocketOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new SocketError(
      'INVALID_OPTION',
      `wrapSocket() options must be an object, but got ${describe(options)}.`,
    );
  }
  const { binaryType, closeTimeoutMs, onListenerError } = options;
  if (binaryType !== undefined && !isBinaryType(binaryType)) {
    throw new SocketError(
      'INVALID_OPTION',
      `binaryType must be 'blob', 'arraybuffer' or 'nodebuffer' (Node only), but got ${JSON.stringify(binaryType)}.`,
    );
  }
  if (
    closeTimeoutMs !== undefined &&
    !(typeof closeTimeoutMs === 'number' && closeTimeoutMs > 0 && closeTimeoutMs <= 2_147_483_647)
  ) {
    throw new SocketError(
      'INVALID_OPTION',
      `closeTimeoutMs must be a number of milliseconds between 1 and 2147483647, but got ${String(closeTimeoutMs)}.`,
    );
  }
  if (onListenerError !== undefined && typeof onListenerError !== 'function') {
    throw new SocketError(
      'INVALID_OPTION',
      `onListenerError must be a function, but got ${describe(onListenerError)}.`,
    );
  }
}
