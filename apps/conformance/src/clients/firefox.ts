import type { ExpectedFailure } from '../status.js';
import type { ClientAdapter } from './_types.js';
import { browserExpectedFailures } from './chromium.js';

const UNOFFERED =
  "Firefox opens a socket whose 101 selects a subprotocol the page never offered (it checks the selection only when the page offered some; RFC 6455 4.1 says fail the connection), with the bare constructor too: in a page the facade cannot see the response's headers, so it cannot refuse it either (Chromium and WebKit fail the handshake)";
const CLOSE_1005 =
  'Firefox accepts a close frame that carries code 1005 (a code RFC 6455 7.4.1 reserves for "no code present", never to be sent) and reports a clean close 1005 instead of failing the connection; the facade gets the close event only, so it cannot tell this from a bare close';

/** Firefox's own facts after the handshake, measured by the whole-connection scenarios. */
const firefoxExpectedFailures: readonly ExpectedFailure[] = [
  { scenario: 'unoffered-protocol', reason: UNOFFERED, observed: 'the socket opened' },
  { scenario: 'unoffered-protocol', reason: UNOFFERED, observed: 'expected one error event, saw open' },
  { scenario: 'unoffered-protocol', reason: UNOFFERED, observed: 'expected one close event, saw open' },
  { scenario: 'hostile-frames', reason: CLOSE_1005, observed: 'close code 1005 in a close frame: ' },
];

/** Firefox ESR (Debian's firefox-esr), headless, driven over WebDriver BiDi by puppeteer-core. */
export const firefox: ClientAdapter = {
  selector: 'firefox',
  family: 'firefox',
  runtime: { kind: 'browser' },
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: [...browserExpectedFailures, ...firefoxExpectedFailures],
};
