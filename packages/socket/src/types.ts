import type { SocketError } from './errors.js';
import type { BinaryData, SocketCloseEvent, SocketErrorEvent, SocketMessageEvent } from './events.js';

/** What binary messages are delivered as: `'nodebuffer'` (Buffer) exists in Node only. */
export type BinaryType = 'blob' | 'arraybuffer' | 'nodebuffer';

/** Options of {@link wrapSocket}. */
export interface SocketOptions {
  /** Initial `binaryType`; default `'blob'` (the WHATWG default, also on ws). */
  binaryType?: BinaryType | undefined;
  /**
   * `close` fires at most this long (ms) after the closing handshake starts (your `close()` or the peer's
   * close frame), even when the peer never closes TCP. Default 30000, ws's own timeout.
   */
  closeTimeoutMs?: number | undefined;
  /**
   * Receives what a listener threw; the connection carries on. Default: `reportError` where it exists
   * (browsers), else `console.error`.
   */
  onListenerError?: ((error: unknown) => void) | undefined;
}

/** How a connection ended: what `closed` resolves with and the `close` event carries. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/**
 * A listener as `addEventListener` takes it: a function, or an object with `handleEvent`. The DOM's
 * `EventListenerOrEventListenerObject`, declared here so that projects compiled without the DOM lib
 * (Node-only `tsconfig`s) can use these types.
 */
export type SocketEventListener = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };

/** The DOM's `AddEventListenerOptions`, declared here for projects compiled without the DOM lib. */
export interface SocketAddEventListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

/** The DOM's `EventListenerOptions`, declared here for projects compiled without the DOM lib. */
export interface SocketEventListenerOptions {
  capture?: boolean;
}

/** The facade's events by type. */
export interface CompatSocketEventMap {
  open: Event;
  message: SocketMessageEvent<string | BinaryData>;
  close: SocketCloseEvent;
  error: SocketErrorEvent;
}

/** The WHATWG WebSocket interface, behaving the same on every implementation. */
export interface CompatSocket extends EventTarget {
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  /** The URL the client connected to; `''` for server-side sockets. */
  readonly url: string;
  readonly protocol: string;
  readonly extensions: string;
  /** 3 for good once `close` fired. */
  readonly readyState: 0 | 1 | 2 | 3;
  /**
   * Bytes handed to `send()` that the implementation has not written yet, plus Blob bytes still being
   * read, plus bytes dropped after close. ws counts only what the kernel did not take (0 for the first
   * ~2 MiB on loopback); undici and browsers count from `send()`. See `waitForBufferedAmount`.
   */
  readonly bufferedAmount: number;
  /** An unknown value is ignored and never reaches the implementation. */
  binaryType: BinaryType;
  onopen: ((this: CompatSocket, event: Event) => unknown) | null;
  onmessage: ((this: CompatSocket, event: SocketMessageEvent<string | BinaryData>) => unknown) | null;
  onerror: ((this: CompatSocket, event: SocketErrorEvent) => unknown) | null;
  onclose: ((this: CompatSocket, event: SocketCloseEvent) => unknown) | null;
  /**
   * Sends a message: strings as text, ArrayBuffer / ArrayBufferView / Blob as binary (exact bytes, in
   * order), anything else `String()`-ed to text.
   *
   * @throws {DOMException} `InvalidStateError` while CONNECTING; `TypeError` without an argument.
   *   After `close()` data is dropped and counted in `bufferedAmount`.
   */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void;
  /**
   * Starts the closing handshake. `close(undefined, reason)` sends 1000 with the reason.
   *
   * @throws {DOMException} `InvalidAccessError` for a code other than 1000 or 3000-4999, `SyntaxError` for a
   *   reason over 123 UTF-8 bytes; both before the implementation is touched, the socket unchanged
   */
  close(code?: number, reason?: string): void;
  /** Settles once, with the close event's fields, on every implementation; never rejects. */
  readonly closed: Promise<CloseInfo>;
  /** The wrapped socket. */
  readonly raw: unknown;
  addEventListener<K extends keyof CompatSocketEventMap>(
    type: K,
    listener: (this: CompatSocket, event: CompatSocketEventMap[K]) => unknown,
    options?: boolean | SocketAddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: SocketEventListener | null,
    options?: boolean | SocketAddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof CompatSocketEventMap>(
    type: K,
    listener: (this: CompatSocket, event: CompatSocketEventMap[K]) => unknown,
    options?: boolean | SocketEventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: SocketEventListener | null,
    options?: boolean | SocketEventListenerOptions,
  ): void;
}

export type { SocketError };
