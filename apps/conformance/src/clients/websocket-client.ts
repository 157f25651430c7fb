import {
  cancelWhileConnecting,
  connectionFailures,
  noBinaryType,
  opensUnofferedProtocol,
  programClient,
  rawUtf8Target,
  rfcCloseCodes,
  sendsRefusedHeaders,
  utf8HeaderValues,
} from './_native.js';

/**
 * WebSocketApp.close() runs the closing handshake on the app's thread while run_forever() reads on its
 * own: the peer's close frame is read by close(), and run_forever() then ends without one, so on_close
 * gets (None, None).
 */
const CLOSE_WITHOUT_FRAME =
  "WebSocketApp.close() reads the peer's close frame on the app's thread while run_forever() reads on its own; run_forever() then ends without it and on_close gets (None, None): the app never learns the code (reported as 1006), and run_forever() sometimes trips over the socket close() set to None (AttributeError to on_error)";
const CLOSE_WITHOUT_FRAME_OBSERVED = [
  'close code 1006, expected',
  'close reason: expected',
  'expected one close event',
  "AttributeError: 'NoneType' object has no attribute 'sock'",
];

import type { ClientAdapter } from './_types.js';

/** websocket-client 1.2 `create_connection(header=, subprotocols=, origin=)` (Debian). */
export const websocketClient: ClientAdapter = programClient({
  selector: 'websocket-client',
  family: 'websocket-client',
  program: { language: 'python', program: 'client_websocket_client.py' },
  connection: true,
  expectedFailures: [
    rawUtf8Target,
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'header= sends reserved handshake headers next to its own (two Sec-WebSocket-Key lines, a second Host); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'header= writes CR, LF, NUL and DEL into the request (header injection); header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
    ...noBinaryType('websocket-client 1.2', 'Python bytes'),
    ...cancelWhileConnecting('websocket-client 1.2', 'WebSocketApp.close() before on_open'),
    ...rfcCloseCodes('websocket-client 1.2', 'its close() refuses only codes outside 0-65535'),
    ...(
      [
        'binary-round-trip',
        'text-round-trip',
        'fragmented-message',
        'large-message',
        'close-both-ways',
        'hostile-frames',
      ] as const
    ).flatMap((scenario) => connectionFailures(scenario, CLOSE_WITHOUT_FRAME, CLOSE_WITHOUT_FRAME_OBSERVED)),
    ...connectionFailures(
      'close-both-ways',
      "websocket-client 1.2 answers the peer's close frame with 1000 and closes TCP at once, so the server that closed with 4002 sees no clean close (1006)",
      ['server closes 4002: server close event [code, wasClean]: expected [4002,true], got [1006,false]'],
    ),
    ...connectionFailures(
      'throwing-listener',
      'websocket-client 1.2 catches an exception of its on_message callback and hands it to on_error, its one error channel (connection errors come there too); the connection carries on',
      ['the connection failed: error (no code): RuntimeError: listener 1 throws on purpose'],
    ),
    ...opensUnofferedProtocol('websocket-client 1.2', 'getsubprotocol() is whatever the server said'),
    ...connectionFailures(
      'peer-never-closes',
      "websocket-client 1.2's close(timeout=1) gives up on a silent peer after the timeout and shuts the socket down, but run_forever() then never calls on_close within the scenario's wait (its select loop wakes every 10 s)",
      ['silent peer: expected one close event', 'silent peer: expected one error CLOSE_TIMEOUT'],
    ),
  ],
});
