// Node clients whose sockets @ws-compat/socket does not wrap (WebSocket-Node's client, faye-websocket's
// Client) run connection scripts with their own API behind this small driver interface. No `node:`
// imports: connection.ts, which reads it, is also bundled for browser pages.

/** What a driver calls for each event of the library's socket, in the order the library gives them. */
export interface NativeClientEvents {
  open(): void;
  /** a whole message, as the library hands it over (a string, a Buffer...) */
  message(data: unknown): void;
  /** the library reported an error: its message */
  error(message: string): void;
  /**
   * the library's close notification. `wasClean` is the library's own when it has one, else null:
   * never derived from the code (a library's own failure code, 1002 or 1007, is no clean close).
   */
  close(code: number, reason: string, wasClean: boolean | null): void;
}

/** `close()` arguments exactly as the script gives them: an omitted argument stays omitted. */
export type CloseArguments = [] | [code: number | undefined] | [code: number | undefined, reason: string];

/** One open socket of the library, as the script drives it. */
export interface NativeClientSocket {
  /** the library's readyState, as the WHATWG numbers (0 to 3) */
  readyState(): number;
  /** the negotiated subprotocol ('' for none) */
  protocol(): string;
  /** sets the library's binaryType; null when it has none (binary data is what it always gives) */
  setBinaryType: ((value: string) => void) | null;
  /** sends text as text and bytes as binary, with the library's own call */
  send(data: string | Uint8Array): void;
  /** the library's close, with the arguments as given; throws what it throws */
  close(...args: CloseArguments): void;
}

/**
 * Opens sockets with a library's own API. A driver never adds throwing message listeners: every
 * library here calls its listeners with no try/catch, so a throw would be an uncaught exception in the
 * client process that runs the other cells' scripts too (its adapter declares that).
 */
export interface NativeClientDriver {
  /**
   * @param options.closeTimeoutMs - the script's close timeout, for a library with its own option
   */
  open(
    url: string,
    protocols: readonly string[],
    events: NativeClientEvents,
    options: { closeTimeoutMs: number },
  ): NativeClientSocket;
}

const DRIVER = Symbol.for('@ws-compat/conformance.native-client-driver');

/**
 * Attaches a connection driver to the class a client adapter loads (the one its handshake attempts
 * use), so the client child's `runConnection(impl, spec)` drives the library natively.
 *
 * @param impl - the class the adapter's `load()` returns.
 * @param driver - the library's connection driver.
 * @returns `impl` itself.
 */
export function withNativeDriver<T extends object>(impl: T, driver: NativeClientDriver): T {
  Object.defineProperty(impl, DRIVER, { value: driver });
  return impl;
}

/** The driver attached with {@link withNativeDriver}, or null for a socket class wrapSocket takes. */
export function nativeDriverOf(impl: unknown): NativeClientDriver | null {
  if ((typeof impl !== 'function' && typeof impl !== 'object') || impl === null) return null;
  const driver = (impl as { [DRIVER]?: NativeClientDriver })[DRIVER];
  return driver ?? null;
}
