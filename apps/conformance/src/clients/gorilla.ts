import {
  acceptsNoProtocol,
  programClient,
  rawUtf8Target,
  sendsRefusedHeaders,
  utf8HeaderValues,
} from './_native.js';
import type { ClientAdapter } from './_types.js';

/** gorilla/websocket 1.5 `Dialer.Dial(url, http.Header)` (Debian golang-github-gorilla-websocket-dev). */
export const gorillaClient: ClientAdapter = programClient({
  selector: 'gorilla',
  family: 'gorilla',
  program: { language: 'go', program: 'gorilla-client' },
  expectedFailures: [
    rawUtf8Target,
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
});
