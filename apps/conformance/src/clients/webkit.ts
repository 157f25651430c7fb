import type { ClientAdapter } from './_types.js';
import { browserExpectedFailures } from './chromium.js';

/** WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver) under Xvfb, driven by WebKitWebDriver. */
export const webkit: ClientAdapter = {
  selector: 'webkit',
  family: 'webkit',
  runtime: { kind: 'browser' },
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [...browserExpectedFailures],
};
