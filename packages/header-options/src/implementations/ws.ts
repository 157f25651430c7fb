import type { HandshakePlan } from '../plan.js';

/**
 * The ws call shape, honoured by ws 2 to 8: protocols as the second positional argument
 * (`(url, { protocols })` ignores them before 8.22.0), headers as a record, `origin` as ws's own option.
 */
export function wsConstructorArgs(plan: HandshakePlan): unknown[] {
  const options: Record<string, unknown> = {};
  if (plan.headers.length > 0) options['headers'] = Object.fromEntries(plan.headers);
  if (plan.origin !== null) options['origin'] = plan.origin;
  return [plan.url, [...plan.protocols], { ...options, ...plan.native }];
}

/** The parts of a ws client socket that `connect()` uses; every ws version has them. */
export interface WsSocket {
  readonly readyState: number;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  terminate(): void;
}
