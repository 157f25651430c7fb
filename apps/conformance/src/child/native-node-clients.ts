// Node clients whose class header-options cannot recognise on its own: the call shape their users
// tell connect() with the `implementation` option, as header-options' own error message advises.
import type { AttemptSpec } from './protocol.js';

/**
 * The `implementation` each such client is called as (by selector): faye-websocket's `Client` and the
 * WebSocket-Node adapter class take ws-style `(url, protocols, { headers, origin })`.
 */
const CALL_SHAPES: Readonly<Record<string, 'ws'>> = {
  'websocket-node': 'ws',
  'faye-websocket': 'ws',
};

/**
 * The attempt with the client's call shape added, unless the scenario forces one (the browser path).
 *
 * @param selector - the client adapter's selector.
 * @param spec - the attempt the scenario asked for.
 * @returns the same spec for clients header-options recognises, else a copy naming the call shape.
 */
export function withCallShape(selector: string, spec: AttemptSpec): AttemptSpec {
  const implementation = CALL_SHAPES[selector];
  if (implementation === undefined || spec.options.implementation !== undefined) return spec;
  return { ...spec, options: { ...spec.options, implementation } };
}
