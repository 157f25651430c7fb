import { acceptsNoProtocol, nativeClientFailures, sendsRefusedHeaders, utf8HeaderValues } from './_native.js';
import type { ClientAdapter } from './_types.js';

/** gorilla/websocket 1.5 `Dialer.Dial(url, http.Header)` (Debian golang-github-gorilla-websocket-dev). */
export const gorillaClient: ClientAdapter = {
  selector: 'gorilla',
  family: 'gorilla',
  runtime: { kind: 'program', language: 'go', program: 'gorilla-client' },
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
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'Dial(url, http.Header) sends reserved headers it does not check (Sec-WebSocket-Accept, Sec-WebSocket-Extensions, Upgrade...); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'Dial(url, http.Header) lets some invalid values and names through; header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
  ],
};
