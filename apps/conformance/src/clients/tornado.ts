import { acceptsNoProtocol, nativeClientFailures, sendsRefusedHeaders } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** tornado 6.2 `websocket_connect(HTTPRequest(headers=), subprotocols=)` (Debian). */
export const tornadoClient: ClientAdapter = {
  selector: 'tornado',
  family: 'tornado',
  runtime: { kind: 'program', language: 'python', program: 'client_tornado.py' },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    ...nativeClientFailures,
    {
      scenario: 'query',
      reason:
        'sends a non-ASCII URL character as raw UTF-8 bytes in the request target, not percent-encoded (WHATWG URL and Node clients send %C3%A9)',
      observed: 'the client rewrote the target',
    },
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
};
