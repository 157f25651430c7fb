import {
  acceptsNoProtocol,
  connectionFailures,
  noBinaryType,
  noListeners,
  opensUnofferedProtocol,
  programClient,
  rawUtf8Target,
  rfcCloseCodes,
  sendsRefusedHeaders,
  utf8HeaderValues,
} from './_native.js';
import type { ClientAdapter } from './_types.js';

/** gorilla/websocket 1.5 `Dialer.Dial(url, http.Header)` (Debian golang-github-gorilla-websocket-dev). */
export const gorillaClient: ClientAdapter = programClient({
  selector: 'gorilla',
  family: 'gorilla',
  program: { language: 'go', program: 'gorilla-client' },
  connection: true,
  expectedFailures: [
    rawUtf8Target,
    acceptsNoProtocol,
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'Dial(url, http.Header) sends reserved headers it does not check (Sec-WebSocket-Accept, Sec-WebSocket-Extensions, Upgrade...); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'Dial(url, http.Header) lets some invalid values and names through; header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
    ...noBinaryType('gorilla/websocket 1.5', 'Go []byte'),
    ...noListeners('gorilla/websocket 1.5', "ReadMessage() in the app's own loop"),
    ...rfcCloseCodes(
      'gorilla/websocket 1.5',
      'its close is WriteControl(CloseMessage, FormatCloseMessage(code, reason)), which checks no code; after it every further close frame fails with "websocket: close sent"',
    ),
    ...opensUnofferedProtocol(
      'gorilla/websocket 1.5',
      'Dial() takes Sec-WebSocket-Protocol from the response unchecked',
    ),
    ...connectionFailures(
      'close-while-connecting',
      'gorilla/websocket 1.5 gives the app no connection until Dial() returns: a Go app gives up by cancelling the DialContext context, and Dial() then fails with "context canceled" (an error, no close)',
      [
        'expected one error CLOSED_BEFORE_OPEN, saw step close, error (no code)',
        'close: expected one close event, saw step close, error (no code)',
      ],
    ),
    ...connectionFailures(
      'protocol-error',
      'gorilla/websocket 1.5 answers a reserved opcode with a close frame 1002 and ReadMessage() returns a plain error ("websocket: bad opcode 3"), not a *CloseError: the app gets an error and no close',
      [
        'client: expected one close event, saw open, step send, error (no code)',
        'client: expected one error event before the close',
      ],
    ),
    ...connectionFailures(
      'hostile-frames',
      'gorilla/websocket 1.5 fails a close frame with an invalid UTF-8 reason or code 1005 as a protocol error (close frame 1002; ReadMessage() returns "websocket: invalid utf8 payload in close frame" / "websocket: bad close code 1005"): an error, no *CloseError, so no close',
      [
        'invalid UTF-8 close reason: expected one close event',
        'close code 1005 in a close frame: expected one close event',
      ],
    ),
    ...connectionFailures(
      'peer-never-closes',
      "a gorilla app waits for the peer's close frame with a read deadline (closeTimeoutMs); against a silent peer ReadMessage() returns the deadline's i/o timeout, a plain error: no close, no CLOSE_TIMEOUT",
      [
        'silent peer: expected one close event, saw open, step close, error (no code)',
        'silent peer: expected one error CLOSE_TIMEOUT',
      ],
    ),
  ],
});
