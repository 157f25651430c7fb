import type { ExpectedFailure } from '../status.js';
import type { ClientAdapter } from './_types.js';

const NO_HEADERS =
  'the browser WebSocket API cannot send request headers: header-options refuses them (HEADERS_UNSUPPORTED) instead of dropping them';

/** What no browser's WebSocket API can do, measured in Chromium, Firefox and WebKitGTK alike. */
export const browserExpectedFailures: readonly ExpectedFailure[] = [
  { scenario: 'headers-arrive', reason: NO_HEADERS, observed: 'HEADERS_UNSUPPORTED' },
  { scenario: 'legacy-names', reason: NO_HEADERS, observed: 'HEADERS_UNSUPPORTED' },
  { scenario: 'header-shapes', reason: NO_HEADERS, observed: 'HEADERS_UNSUPPORTED' },
  {
    scenario: 'failure-settles',
    reason:
      'a browser WebSocket reports every failed handshake as a bare error event (no status, no cause: the WebSocket API hides them), so connect() can only say NETWORK for a 401, a subprotocol mismatch or a refused connection; the timeout and the page surviving are still checked',
    observed: 'got HandshakeError NETWORK',
  },
  {
    scenario: 'unreachable-settles',
    reason:
      'a browser WebSocket reports a refused connection as a bare error event (no cause: the WebSocket API hides it), so connect() can only say NETWORK; the timeout, the single request and the page surviving are still checked',
    observed: 'connection refused: expected HandshakeError REFUSED, got HandshakeError NETWORK',
  },
];

/** Chromium (Debian's chromium), headless, driven by playwright-core. */
export const chromium: ClientAdapter = {
  selector: 'chromium',
  family: 'chromium',
  runtime: { kind: 'browser' },
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: browserExpectedFailures,
};
