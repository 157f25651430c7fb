// Event classes of the facade. They extend the global `Event` (Node >= 15, browsers) and never rely on
// Node's `MessageEvent`/`CloseEvent`/`ErrorEvent` globals, which Node 18-22 lack in part.
import type { SocketError } from './errors.js';

/** Set by the socket's dispatch: the socket an event is dispatched on. */
export const kTarget: unique symbol = Symbol('ws-compat.target');
/** Set by `stopImmediatePropagation()`: the socket's dispatch stops calling listeners. */
export const kStopped: unique symbol = Symbol('ws-compat.stopped');

/** What a binary message is delivered as, per `binaryType`: Blob, ArrayBuffer or (Node) Buffer. */
export type BinaryData = Blob | ArrayBuffer | NodeBuffer;

/**
 * Node's `Buffer` where `@types/node` is loaded, else `Uint8Array` (a Buffer is one), so the types
 * work in browser projects too.
 */
export type NodeBuffer = typeof globalThis extends { Buffer: { from(data: string): infer B } }
  ? B
  : Uint8Array;

/** Base of the facade's events: `target` and `currentTarget` are the socket. */
export class SocketEvent extends Event {
  // Set by the dispatch, not initialized here: a message event is created per message, and field
  // initializers triple its construction cost (measured).
  declare [kTarget]: EventTarget | null | undefined;
  declare [kStopped]: boolean | undefined;

  override get target(): EventTarget | null {
    return this[kTarget] ?? null;
  }

  override get currentTarget(): EventTarget | null {
    return this[kTarget] ?? null;
  }

  override get srcElement(): EventTarget | null {
    return this[kTarget] ?? null;
  }

  override stopImmediatePropagation(): void {
    this[kStopped] = true;
    super.stopImmediatePropagation();
  }
}

const NO_PORTS: readonly never[] = Object.freeze([]);

/** A `message` event: `data` is a string for a text message, else per the socket's `binaryType`. */
export class SocketMessageEvent<Data = string | BinaryData> extends SocketEvent {
  /** The message: a string for text, a Blob / ArrayBuffer / Buffer for binary. */
  readonly data: Data;

  constructor(data: Data) {
    super('message');
    this.data = data;
  }

  get lastEventId(): string {
    return '';
  }

  get source(): null {
    return null;
  }

  get ports(): readonly never[] {
    return NO_PORTS;
  }

  /** The origin of the socket's URL (`''` for server-side sockets). */
  get origin(): string {
    const target = this[kTarget] as { url?: string } | null | undefined;
    const url = target?.url ?? '';
    return url === '' ? '' : new URL(url).origin;
  }
}

/** A `close` event: always one per connection; `reason` is always a string. */
export class SocketCloseEvent extends SocketEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(code: number, reason: string, wasClean: boolean) {
    super('close');
    this.code = code;
    this.reason = reason;
    this.wasClean = wasClean;
  }
}

/** An `error` event: `message` is never empty; `error` is a {@link SocketError} with a stable code. */
export class SocketErrorEvent extends SocketEvent {
  readonly message: string;
  readonly error: SocketError;

  constructor(error: SocketError) {
    super('error');
    this.error = error;
    this.message = error.message;
  }

  get filename(): string {
    return '';
  }

  get lineno(): number {
    return 0;
  }

  get colno(): number {
    return 0;
  }
}
