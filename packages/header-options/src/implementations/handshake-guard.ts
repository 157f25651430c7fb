// An undici dispatcher wrapper that watches the WebSocket opening handshake from below the
// WebSocket class: undici reports failures late (undici 5/6 never fire `close`), without a reason
// (undici 7 and Node 24) or not at all (Node 20's built-in throws an uncaught TypeError when the
// server picks a subprotocol that was not offered: `requestProtocols` is `null` in
// lib/web/websocket/connection.js of undici 6.24.1). The guard checks the 101 response itself and
// turns a bad subprotocol into a failed fetch, so the WebSocket class never sees it.

/** What the guard saw; read by `connect()` to pick a precise error code. */
export interface HandshakeObservation {
  /** The HTTP status of a response that was not `101 Switching Protocols`. */
  status: number | null;
  /** The error the dispatcher reported (connection refused, reset, DNS failure...). */
  error: unknown;
  /** Why the guard failed a `101` response: a subprotocol the client did not offer, or none. */
  subprotocolViolation: string | null;
  /** Whether the guard is installed; `false` when there was no dispatcher to wrap. */
  guarded: boolean;
}

import { type CacheLevel, cachedFor } from '../_two-level-cache.js';
import { UNDICI_GLOBAL_DISPATCHERS } from './capabilities.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Handler = Record<string, unknown>;
/** The one method of an undici dispatcher the guard needs. */
export interface Dispatcher {
  dispatch(options: unknown, handler: Handler): unknown;
}

/** A new, empty observation. */
export function createObservation(): HandshakeObservation {
  return { status: null, error: null, subprotocolViolation: null, guarded: false };
}

/**
 * The dispatcher an undici-family WebSocket will use: `native.dispatcher` when given, else the
 * global dispatcher every undici copy in the process shares (capability row
 * `undici-global-dispatcher`).
 *
 * @returns it, or `null` when there is none to wrap (then the guard cannot be installed).
 */
export function findDispatcher(base: unknown): Dispatcher | null {
  if (base !== undefined) return isDispatcher(base) ? base : null;
  const registry = globalThis as Record<symbol, unknown>;
  for (const key of UNDICI_GLOBAL_DISPATCHERS) {
    const candidate = registry[key];
    if (isDispatcher(candidate)) return candidate;
  }
  return null;
}

/**
 * Wraps `target` so that the handshake is observed and a response with a subprotocol that was not
 * offered fails cleanly. Marks `observation.guarded`.
 *
 * @param target - from {@link findDispatcher}.
 * @returns the wrapping dispatcher.
 */
export function createHandshakeGuard(
  target: Dispatcher,
  offered: readonly string[],
  observation: HandshakeObservation,
): object {
  observation.guarded = true;
  const dispatch: Dispatcher['dispatch'] = (options, handler) =>
    target.dispatch(options, wrapHandler(handler, offered, observation));
  // A Proxy rather than `Object.create(target)`: undici 8 reads options through getters that use
  // private fields (`#dispatcher`), which throw when `this` is an object derived from the dispatcher.
  return new Proxy(target, {
    get(object, property) {
      if (property === 'dispatch') return dispatch;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? boundTo(object, value as Method) : value;
    },
  });
}

// Every guard of one dispatcher hands out the same bound methods instead of binding anew on every
// property read (undici reads several per connection). Keyed on the dispatcher and on the function
// read from it right now, so a method replaced on the dispatcher is bound afresh; both weakly held.
const boundMethods = new WeakMap<object, CacheLevel<Method, Method>>();

function boundTo(object: object, method: Method): Method {
  return cachedFor(boundMethods, object, method, newMethodLevel, bind);
}

function newMethodLevel(): WeakMap<Method, Method> {
  return new WeakMap();
}

function bind(object: object, method: Method): Method {
  return method.bind(object) as Method;
}

function isDispatcher(value: unknown): value is Dispatcher {
  return typeof value === 'object' && value !== null && typeof (value as Dispatcher).dispatch === 'function';
}

function wrapHandler(
  handler: Handler,
  offered: readonly string[],
  observation: HandshakeObservation,
): Handler {
  const wrapped = Object.create(handler) as Handler;
  intercept(wrapped, handler, 'onHeaders', (args) => {
    if (typeof args[0] === 'number' && args[0] !== 101) observation.status ??= args[0];
  });
  intercept(wrapped, handler, 'onResponseStart', (args) => {
    if (typeof args[1] === 'number' && args[1] !== 101) observation.status ??= args[1];
  });
  intercept(wrapped, handler, 'onError', (args) => {
    observation.error ??= args[0];
  });
  intercept(wrapped, handler, 'onResponseError', (args) => {
    observation.error ??= args[1];
  });
  const onUpgrade = handler['onUpgrade'];
  if (typeof onUpgrade === 'function') {
    wrapped['onUpgrade'] = function (this: Handler, status: unknown, rawHeaders: unknown, socket: unknown) {
      const violation = status === 101 ? checkSubprotocol(fromRawHeaders(rawHeaders), offered) : null;
      if (violation === null) return (onUpgrade as Method).call(this, status, rawHeaders, socket);
      return fail(this, violation, socket, observation);
    };
  }
  const onRequestUpgrade = handler['onRequestUpgrade'];
  if (typeof onRequestUpgrade === 'function') {
    wrapped['onRequestUpgrade'] = function (
      this: Handler,
      controller: unknown,
      status: unknown,
      headers: unknown,
      socket: unknown,
    ) {
      const violation = status === 101 ? checkSubprotocol(fromHeaderObject(headers), offered) : null;
      if (violation === null)
        return (onRequestUpgrade as Method).call(this, controller, status, headers, socket);
      fail(this, violation, socket, observation);
      return true;
    };
  }
  return wrapped;
}

function intercept(
  wrapped: Handler,
  handler: Handler,
  name: string,
  observe: (args: unknown[]) => void,
): void {
  const original = handler[name];
  if (typeof original !== 'function') return;
  wrapped[name] = function (this: unknown, ...args: unknown[]) {
    observe(args);
    return (original as Method).apply(this, args);
  };
}

function fail(
  handler: Handler,
  violation: string,
  socket: unknown,
  observation: HandshakeObservation,
): undefined {
  observation.subprotocolViolation = violation;
  (socket as { destroy?: () => void }).destroy?.();
  const onError = handler['onError'] ?? handler['onResponseError'];
  const error = new Error(violation);
  if (typeof onError === 'function') {
    if (handler['onError'] === onError) (onError as Method).call(handler, error);
    else (onError as Method).call(handler, null, error);
  }
  return undefined;
}

/** The values of `Sec-WebSocket-Protocol` in a 101 response. */
function fromRawHeaders(rawHeaders: unknown): string[] {
  const values: string[] = [];
  if (!Array.isArray(rawHeaders)) return values;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (latin1(rawHeaders[index]).toLowerCase() !== 'sec-websocket-protocol') continue;
    const value: unknown = rawHeaders[index + 1];
    if (Array.isArray(value)) for (const item of value) values.push(latin1(item));
    else values.push(latin1(value));
  }
  return values;
}

function fromHeaderObject(headers: unknown): string[] {
  if (typeof headers !== 'object' || headers === null) return [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'sec-websocket-protocol' || value == null) continue;
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return [];
}

function latin1(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    let text = '';
    for (const byte of value) text += String.fromCharCode(byte);
    return text;
  }
  return String(value);
}

/**
 * The RFC 6455 §4.1 client checks on the selected subprotocol.
 *
 * @returns why the response must fail the connection, or `null` when it is acceptable.
 */
export function checkSubprotocol(selected: readonly string[], offered: readonly string[]): string | null {
  if (selected.length > 1)
    return `Server sent ${selected.length} Sec-WebSocket-Protocol headers; it must select one`;
  const protocol = selected[0];
  if (protocol === undefined || protocol === '') {
    return offered.length === 0
      ? null
      : `Server selected no subprotocol; the client offered ${offered.join(', ')}`;
  }
  if (offered.length === 0) return `Server selected the subprotocol "${protocol}" but none was offered`;
  if (!offered.includes(protocol)) {
    return `Server selected the subprotocol "${protocol}", which was not offered (offered: ${offered.join(', ')})`;
  }
  return null;
}
