import { acceptsNoProtocol, programClient, sendsRefusedHeaders, utf8HeaderValues } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** aiohttp 3.8 `ClientSession.ws_connect(headers=, protocols=, origin=)` (Debian). */
export const aiohttpClient: ClientAdapter = programClient({
  selector: 'aiohttp',
  family: 'aiohttp',
  program: { language: 'python', program: 'client_aiohttp.py' },
  expectedFailures: [
    {
      scenario: 'query',
      reason:
        'aiohttp (yarl) re-encodes a % that does not start a valid escape (100% becomes 100%25, %2 becomes %252): the server decodes other values than the URL says',
      observed: 'the client rewrote the target',
    },
    acceptsNoProtocol,
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'headers= overrides or duplicates reserved handshake headers (Sec-WebSocket-Key, Upgrade, Host...); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'headers= lets NUL and DEL (and some bad names) into the request; header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
  ],
});
