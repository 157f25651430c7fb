import {
  acceptsNoProtocol,
  cancelWhileConnecting,
  connectionFailures,
  noBinaryType,
  noListeners,
  opensUnofferedProtocol,
  programClient,
  rawUtf8Target,
  rfcCloseCodes,
  sendsRefusedHeaders,
} from './_native.js';
import type { ClientAdapter } from './_types.js';

/** tornado 6.2 `websocket_connect(HTTPRequest(headers=), subprotocols=)` (Debian). */
export const tornadoClient: ClientAdapter = programClient({
  selector: 'tornado',
  family: 'tornado',
  program: { language: 'python', program: 'client_tornado.py' },
  connection: true,
  expectedFailures: [
    rawUtf8Target,
    acceptsNoProtocol,
    sendsRefusedHeaders(
      'reserved-refused',
      'HTTPRequest(headers=) replaces reserved handshake headers (Sec-WebSocket-Key, Upgrade, Connection...) with the given values; header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'HTTPRequest(headers=) lets CR, NUL and DEL into the request; header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
    ...noBinaryType('tornado 6.2', 'Python bytes'),
    ...noListeners('tornado 6.2', 'read_message(); its on_message_callback is one callback, not listeners'),
    ...cancelWhileConnecting('tornado 6.2', 'cancelling the websocket_connect() future'),
    ...rfcCloseCodes('tornado 6.2', 'its close() checks no code at all'),
    ...opensUnofferedProtocol('tornado 6.2', 'selected_subprotocol is whatever the server said'),
    ...connectionFailures(
      'protocol-error',
      'tornado 6.2 answers a reserved opcode by aborting the TCP connection: read_message() returns None, no error reaches the app and no close frame is sent',
      ['client: expected one error event before the close'],
    ),
    ...connectionFailures(
      'peer-never-closes',
      "tornado 6.2's close() waits a fixed 5 s for the peer's close frame (no option), so a silent peer's close comes after the scenario's wait; no error is reported",
      ['silent peer: expected one close event', 'silent peer: expected one error CLOSE_TIMEOUT'],
    ),
    ...connectionFailures(
      'hostile-frames',
      "tornado 6.2 decodes a close frame's reason with to_unicode(), which raises on invalid UTF-8 inside its frame loop: read_message() never resolves and no close comes; a close frame with code 1005 is taken as a close 1005 (close_code 1005)",
      [
        'invalid UTF-8 close reason: expected one close event',
        'close code 1005 in a close frame: close code 1005, expected',
      ],
    ),
  ],
});
