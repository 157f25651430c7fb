import type { HandshakePlan } from '../plan.js';

/**
 * The ws call shape, honoured by ws 2 to 8: protocols as the second positional argument
 * (`(url, { protocols })` ignores them before 8.22.0), headers as a record, `origin` as ws's own option.
 */
export function wsConstructorArgs(plan: HandshakePlan): unknown[] {
  const options: Record<string, unknown> = {};
  const count = plan.headers.length;
  if (count > 0) {
    const headers: Record<string, string> = {};
    for (let index = 0; index < count; index++) {
      const [name, value] = plan.headers[index] as readonly [string, string];
      headers[name] = value;
    }
    options['headers'] = headers;
  }
  if (plan.origin !== null) options['origin'] = plan.origin;
  // After the shim's own options, as a spread would put them (the plan refused every native key
  // that could overwrite one of them).
  if (plan.native !== undefined) Object.assign(options, plan.native);
  return [plan.url, [...plan.protocols], options];
}

/** The parts of a ws client socket that `connect()` uses; every ws version has them. */
export interface WsSocket {
  readonly readyState: number;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  terminate(): void;
}
