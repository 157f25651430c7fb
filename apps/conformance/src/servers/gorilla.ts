import { NO_PROXY_SUPPORT } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** gorilla/websocket 1.5 (Debian golang-github-gorilla-websocket-dev) `Upgrader` on net/http. */
export const gorillaServer: ProgramServerAdapter = {
  selector: 'gorilla',
  family: 'gorilla',
  program: { language: 'go', program: 'gorilla-server' },
  expectedFailures: [
    NO_PROXY_SUPPORT,
    {
      scenario: 'query',
      reason:
        'r.URL.Query() is a map (the order of names is lost) and drops a pair with a bad escape (bad=%E0%A4%A, trunc=%2, pct=100%) without an error',
      observed: 'ctx.query entries',
    },
    ...(['[status, selected protocols]', "the offer as the server's app saw it"] as const).map(
      (observed) => ({
        scenario: 'split-protocol-lines',
        reason:
          'websocket.Subprotocols(r) reads only the first Sec-WebSocket-Protocol line (r.Header.Get), so protocols offered on a second line are invisible to the app and to Upgrader.Subprotocols: an offer split over two lines (RFC 9110 makes them one list) selects nothing; read r.Header.Values("Sec-Websocket-Protocol") yourself',
        observed,
      }),
    ),
  ],
};
