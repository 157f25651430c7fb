import type { HandshakePlan } from '../plan.js';

/** The browser call shape, `(url)` or `(url, protocols)`; also used for unknown implementations. */
export function browserConstructorArgs(plan: HandshakePlan): unknown[] {
  return plan.protocols.length > 0 ? [plan.url, [...plan.protocols]] : [plan.url];
}
