import { nativeClientFailures, sendsRefusedHeaders, utf8HeaderValues } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** websocket-client 1.2 `create_connection(header=, subprotocols=, origin=)` (Debian). */
export const websocketClient: ClientAdapter = {
  selector: 'websocket-client',
  family: 'websocket-client',
  runtime: { kind: 'program', language: 'python', program: 'client_websocket_client.py' },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    ...nativeClientFailures,
    {
      scenario: 'query',
      reason:
        'sends a non-ASCII URL character as raw UTF-8 bytes in the request target, not percent-encoded (WHATWG URL and Node clients send %C3%A9)',
      observed: 'the client rewrote the target',
    },
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
};
