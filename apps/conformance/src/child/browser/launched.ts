import type { BrowserSpec } from './browsers.js';

/** A browser showing the client page, as a launcher leaves it. */
export interface LaunchedBrowser {
  /** the browser's own version, e.g. `156.0.8078.114`, `153.8.0`, `2.50.6` */
  version: string;
  /** why the browser is gone (it crashed or was closed), else null */
  exited(): string | null;
  /** closes the browser and whatever the launcher started for it (driver, X server, profile) */
  close(): Promise<void>;
}

/** Opens `url` in a fresh instance of the browser `spec` names, within `timeoutMs`. */
export type Launcher = (url: string, spec: BrowserSpec, timeoutMs: number) => Promise<LaunchedBrowser>;
