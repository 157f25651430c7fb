import { acceptsNoProtocol, programClient, sendsRefusedHeaders, utf8HeaderValues } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** Python websockets 10.4, legacy `websockets.connect(extra_headers=)` (Debian). */
export const pythonWebsocketsClient: ClientAdapter = programClient({
  selector: 'python-websockets',
  family: 'python-websockets',
  program: { language: 'python', program: 'client_websockets.py' },
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
  ],
});
