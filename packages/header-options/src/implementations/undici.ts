import type { HandshakePlan } from '../plan.js';
import { NODE_UNOFFERED_SUBPROTOCOL_FIXED } from './capabilities.js';
import { createHandshakeGuard, findDispatcher, type HandshakeObservation } from './handshake-guard.js';

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
    // No dispatcher to wrap leaves `observation.guarded` false, which connect() reports.
    const target = findDispatcher(plan.native?.['dispatcher']);
    if (target !== null) init['dispatcher'] = createHandshakeGuard(target, plan.protocols, observation);
  }
  return [plan.url, init];
}

/**
 * Whether this is Node's built-in WebSocket with the undici 6 defect that throws an uncaught
 * `TypeError: Cannot read properties of null (reading 'includes')` when the server selects a
 * subprotocol although none was offered (capability row `node-unoffered-subprotocol-crash`).
 */
export function hasUnofferedSubprotocolCrash(plan: HandshakePlan): boolean {
  const { kind, version } = plan.implementation;
  if (kind !== 'node' || version === null || plan.protocols.length > 0) return false;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const [, fixedMinor, fixedPatch] = NODE_UNOFFERED_SUBPROTOCOL_FIXED;
  return major === 6 && (minor < fixedMinor || (minor === fixedMinor && patch < fixedPatch));
}
