import { programClient, rawUtf8Target, sendsRefusedHeaders, utf8HeaderValues } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** websocket-client 1.2 `create_connection(header=, subprotocols=, origin=)` (Debian). */
export const websocketClient: ClientAdapter = programClient({
  selector: 'websocket-client',
  family: 'websocket-client',
  program: { language: 'python', program: 'client_websocket_client.py' },
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
  ],
});
