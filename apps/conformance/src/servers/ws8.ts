import type { ExpectedFailure } from '../status.js';
import type { ServerAdapter, ServerClass } from './_types.js';

const CONTEXT_REFUSAL_REASON =
  "the ws servers refuse through connection-context (`withConnectionContext`'s `authenticate` returning false), whose refusal is fixed: 401 with the error code as the body (`UNAUTHORIZED`, plus `X-WS-Compat-Error` on ws 5+) and no `WWW-Authenticate`, which RFC 9110 requires on a 401; the app can give neither its own body nor headers";

/** What every ws server (2-8) sends for `rejection-response`, measured on the wire. */
export const CONTEXT_REFUSAL: readonly ExpectedFailure[] = [
  {
    scenario: 'rejection-response',
    reason: CONTEXT_REFUSAL_REASON,
    observed: 'WWW-Authenticate lines: expected ["Bearer"], got []',
  },
  {
    scenario: 'rejection-response',
    reason: CONTEXT_REFUSAL_REASON,
    observed: String.raw`body: expected "unauthorized\\x0a", got "UNAUTHORIZED"`,
  },
];

export const ws8: ServerAdapter = {
  selector: 'ws@8',
  family: 'ws',
  major: 8,
  packageName: 'ws8',
  // the default export of ws 8 is the WebSocket class without .Server; the named export is the server
  load: async () => ((await import('ws8')) as unknown as { WebSocketServer: ServerClass }).WebSocketServer,
  expectedFailures: CONTEXT_REFUSAL,
};
