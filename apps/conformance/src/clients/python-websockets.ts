import {
  acceptsNoProtocol,
  cancelWhileConnecting,
  connectionFailures,
  noBinaryType,
  noListeners,
  programClient,
  rfcCloseCodes,
  sendsRefusedHeaders,
  utf8HeaderValues,
} from './_native.js';
import type { ClientAdapter } from './_types.js';

/** Python websockets 10.4, legacy `websockets.connect(extra_headers=)` (Debian). */
export const pythonWebsocketsClient: ClientAdapter = programClient({
  selector: 'python-websockets',
  family: 'python-websockets',
  program: { language: 'python', program: 'client_websockets.py' },
  connection: true,
  expectedFailures: [
    {
      scenario: 'query',
      reason:
        'websockets 10.4 percent-encodes every % of the URL again (J%C3%BC becomes J%25C3%25BC): the server decodes other values than the URL says',
      observed: 'the client rewrote the target',
    },
    acceptsNoProtocol,
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'extra_headers= sends reserved handshake headers next to its own (two Sec-WebSocket-Key lines, a second Host); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'extra_headers= writes CR, LF, NUL and DEL into the request (header injection); header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
    ...noBinaryType('websockets 10.4', 'Python bytes'),
    ...noListeners('websockets 10.4', 'recv() / async for'),
    ...rfcCloseCodes('websockets 10.4', 'the later calls ran on the closed connection'),
    ...cancelWhileConnecting('websockets 10.4', 'cancelling the connect() task'),
    ...connectionFailures(
      'unoffered-protocol',
      'websockets 10.4 refuses the unoffered subprotocol (connect() raises InvalidHandshake), but a failed handshake is an exception from connect(), not a close event',
      ['expected one close event, saw error (no code)'],
    ),
    ...connectionFailures(
      'close-both-ways',
      'websockets 10.4 ends a clean close with a code other than 1000 or 1001 (here 4001, 4002) by raising ConnectionClosedError, its error exception, not ConnectionClosedOK: an application close code reads as a failed connection',
      ['error (no code): ConnectionClosedError:'],
    ),
    ...connectionFailures(
      'peer-never-closes',
      "websockets 10.4's close() waits close_timeout for the peer's close frame and again for the TCP close (its docs: up to 5 x close_timeout for a client), so with close_timeout=1 s the end comes about 3 s later, as ConnectionClosedError 1006 (no CLOSE_TIMEOUT)",
      [
        'ms after close(), closeTimeoutMs is 1000',
        'expected one error CLOSE_TIMEOUT, saw open, error (no code)',
      ],
    ),
  ],
});
