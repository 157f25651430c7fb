import type { HandshakePlan } from '../plan.js';
import { createHandshakeGuard, type HandshakeObservation } from './handshake-guard.js';

/**
 * The undici call shape (npm undici 5 to 8 and Node's global): one `WebSocketInit` dictionary.
 * A ws-style third argument would be silently ignored, headers and all. `Origin` is a header here.
 *
 * @param observation - when given, the handshake goes through a guard dispatcher that records it.
 */
export function undiciConstructorArgs(
  plan: HandshakePlan,
  observation: HandshakeObservation | null,
): unknown[] {
  const headers: [string, string][] = plan.headers.map(([name, value]) => [name, value]);
  if (plan.origin !== null) headers.push(['Origin', plan.origin]);
  const init: Record<string, unknown> = { protocols: [...plan.protocols], headers, ...plan.native };
  if (observation !== null) {
    const guard = createHandshakeGuard(plan.native?.['dispatcher'], plan.protocols, observation);
    if (guard !== null) init['dispatcher'] = guard;
  }
  return [plan.url, init];
}

/**
 * Whether this is Node's built-in WebSocket with the undici 6 defect that throws an uncaught
 * `TypeError: Cannot read properties of null (reading 'includes')` when the server selects a
 * subprotocol although none was offered (measured on 6.24.1, Node 20; 6.28.1, Node 22, is fixed).
 */
export function hasUnofferedSubprotocolCrash(plan: HandshakePlan): boolean {
  const { kind, version } = plan.implementation;
  if (kind !== 'node' || version === null || plan.protocols.length > 0) return false;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major === 6 && (minor < 28 || (minor === 28 && patch < 1));
}
