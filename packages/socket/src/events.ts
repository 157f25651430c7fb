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
  [kTarget]: EventTarget | null = null;
  [kStopped] = false;

  override get target(): EventTarget | null {
    return this[kTarget];
  }

  override get currentTarget(): EventTarget | null {
    return this[kTarget];
  }

  override get srcElement(): EventTarget | null {
    return this[kTarget];
  }

  override stopImmediatePropagation(): void {
    this[kStopped] = true;
    super.stopImmediatePropagation();
  }
}

/** A `message` event: `data` is a string for a text message, else per the socket's `binaryType`. */
export class SocketMessageEvent<Data = string | BinaryData> extends SocketEvent {
  /** The message: a string for text, a Blob / ArrayBuffer / Buffer for binary. */
  readonly data: Data;
  readonly lastEventId = '';
  readonly source = null;
  readonly ports: readonly never[] = [];

  constructor(data: Data) {
    super('message');
    this.data = data;
  }

  /** The origin of the socket's URL (`''` for server-side sockets). */
  get origin(): string {
    const target = this[kTarget] as { url?: string } | null;
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
  readonly filename = '';
  readonly lineno = 0;
  readonly colno = 0;

  constructor(error: SocketError) {
    super('error');
    this.error = error;
    this.message = error.message;
  }
}
