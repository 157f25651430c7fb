import { acceptsNoProtocol, programClient, rawUtf8Target, sendsRefusedHeaders } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** tornado 6.2 `websocket_connect(HTTPRequest(headers=), subprotocols=)` (Debian). */
export const tornadoClient: ClientAdapter = programClient({
  selector: 'tornado',
  family: 'tornado',
  program: { language: 'python', program: 'client_tornado.py' },
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
  ],
});
