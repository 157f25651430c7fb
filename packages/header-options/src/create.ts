import { browserConstructorArgs } from './implementations/browser.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import { createObservation, type HandshakeObservation } from './implementations/handshake-guard.js';
import { hasUnofferedSubprotocolCrash, undiciConstructorArgs } from './implementations/undici.js';
import { wsConstructorArgs } from './implementations/ws.js';
import type { ClientOptions } from './options.js';
import { type HandshakePlan, planHandshake } from './plan.js';

/**
 * The arguments for a validated plan. With an `observation`, undici-family handshakes go through
 * the guard dispatcher (used by `connect()`); without, only Node built-ins that would crash do.
 */
export function argumentsFor(
  plan: HandshakePlan,
  observation: HandshakeObservation | null,
): readonly unknown[] {
  switch (plan.implementation.kind) {
    case 'ws':
      return wsConstructorArgs(plan);
    case 'undici':
    case 'node':
      return undiciConstructorArgs(
        plan,
        observation ?? (hasUnofferedSubprotocolCrash(plan) ? createObservation() : null),
      );
    default:
      return browserConstructorArgs(plan);
  }
}

/**
 * The arguments {@link createWebSocket} passes to `new WebSocketImpl(...)`, after validation.
 *
 * @param WebSocketImpl - ws, undici, Node's global or a browser's WebSocket class.
 * @param url - the `ws:` or `wss:` URL.
 * @param options - headers, subprotocols, origin, bearer token and native options.
 * @returns `[url, protocols, wsOptions]` for ws, `[url, init]` for undici and Node,
 *   `[url, protocols?]` for browser-like classes.
 * @throws {HeaderOptionsError} when the options cannot be sent as given; nothing was opened.
 */
export function toConstructorArgs(
  WebSocketImpl: WebSocketConstructor,
  url: string | URL,
  options?: ClientOptions,
): readonly unknown[] {
  return argumentsFor(planHandshake(WebSocketImpl, url, options), null);
}

/**
 * Opens a WebSocket with the call shape its implementation needs, so headers, subprotocols,
 * origin and a bearer token arrive the same way on every client.
 *
 * @param WebSocketImpl - ws, undici, Node's global or a browser's WebSocket class.
 * @param url - the `ws:` or `wss:` URL.
 * @param options - see {@link ClientOptions}.
 * @returns the new (connecting) socket.
 * @throws {HeaderOptionsError} when the options cannot be sent as given; no connection was opened.
 */
export function createWebSocket<T extends WebSocketConstructor>(
  WebSocketImpl: T,
  url: string | URL,
  options?: ClientOptions,
): InstanceType<T> {
  const args = toConstructorArgs(WebSocketImpl, url, options);
  return new WebSocketImpl(...(args as never[])) as InstanceType<T>;
}
