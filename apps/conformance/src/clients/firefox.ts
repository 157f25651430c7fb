import type { ClientAdapter } from './_types.js';
import { browserExpectedFailures } from './chromium.js';

/** Firefox ESR (Debian's firefox-esr), headless, driven over WebDriver BiDi by puppeteer-core. */
export const firefox: ClientAdapter = {
  selector: 'firefox',
  family: 'firefox',
  runtime: { kind: 'browser' },
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [...browserExpectedFailures],
};
