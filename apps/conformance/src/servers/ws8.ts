import type { ExpectedFailure } from '../status.js';
import type { ServerAdapter, ServerClass } from './_types.js';

const CONTEXT_REFUSAL_REASON =
  "the ws servers refuse through connection-context (`withConnectionContext`'s `authenticate` returning false), whose refusal body is the error code (`UNAUTHORIZED`): the app cannot give its own body";
const NO_REFUSAL_HEADERS_REASON =
  'ws 2-4 drop every extra header of a verifyClient refusal, so the `WWW-Authenticate: Bearer` challenge connection-context gives (RFC 9110 requires it on a 401) never reaches the wire; `createUpgradeHandler` writes it on every ws version';

/** What every ws server (2-8) sends for `rejection-response`, measured on the wire: its body. */
export const CONTEXT_REFUSAL: readonly ExpectedFailure[] = [
  {
    scenario: 'rejection-response',
    reason: CONTEXT_REFUSAL_REASON,
    observed: String.raw`body: expected "unauthorized\\x0a", got "UNAUTHORIZED"`,
  },
];

/** ws 2-4 also lose the challenge (they drop a refusal's extra headers). */
export const CONTEXT_REFUSAL_WITHOUT_HEADERS: readonly ExpectedFailure[] = [
  ...CONTEXT_REFUSAL,
  {
    scenario: 'rejection-response',
    reason: NO_REFUSAL_HEADERS_REASON,
    observed: 'WWW-Authenticate lines: expected ["Bearer"], got []',
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
