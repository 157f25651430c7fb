import { NO_PROXY_SUPPORT, raisingHandlerEnds, rfcServerClose } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** gorilla/websocket 1.5 (Debian golang-github-gorilla-websocket-dev) `Upgrader` on net/http. */
export const gorillaServer: ProgramServerAdapter = {
  selector: 'gorilla',
  family: 'gorilla',
  program: { language: 'go', program: 'gorilla-server' },
  connection: true,
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
    ...rfcServerClose('gorilla/websocket 1.5 (WriteControl(CloseMessage, FormatCloseMessage(code, reason)))'),
    ...raisingHandlerEnds(
      'gorilla/websocket 1.5',
      "(a panic) is recovered by net/http, which leaves a hijacked connection alone: the handler's deferred conn.Close() drops it without a close frame (the client sees 1006)",
      ['throwing listener: the connection failed: error ABNORMAL_CLOSURE'],
    ),
    {
      scenario: 'text-round-trip',
      reason:
        'gorilla/websocket 1.5\'s default close handler answers the peer\'s close frame with the peer\'s code and no reason: the client that closed with 1000 "done" gets 1000 "" back (RFC 6455 leaves the answer\'s reason to the peer)',
      observed: 'client: close reason: expected "done", got ""',
    },
    {
      scenario: 'protocol-error',
      reason:
        'gorilla/websocket 1.5 answers a reserved opcode with a close frame 1002, and ReadMessage() returns a plain error ("websocket: bad opcode 3"), not a *CloseError: the app gets an error and no close',
      observed: 'server: expected an error event then a close event, saw error (no code)',
    },
    {
      scenario: 'peer-never-closes',
      reason:
        "a gorilla app waits for the peer's answer to its close frame with a read deadline (2 s, the Node servers' closeTimeoutMs); against a peer that never answers ReadMessage() returns the deadline's i/o timeout, a plain error: no close",
      observed: 'server: no close event while the peer holds TCP: message text 16 B, error (no code)',
    },
  ],
};
