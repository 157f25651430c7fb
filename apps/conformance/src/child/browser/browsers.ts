// The three browser engines of the matrix: where each binary is, how to install it, what engine it is.
import { existsSync } from 'node:fs';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

/** One browser the driver can launch: its binary (overridable by an environment variable) and engine. */
export interface BrowserSpec {
  name: BrowserName;
  /** the binary that must exist before a run starts it */
  executable: string;
  /** the environment variable that overrides `executable` */
  pathVariable: string;
  /** what puts the binary there on Debian 12 (the packages are in debian-packages.txt) */
  install: string;
  /** the rendering and JavaScript engines, for the reports */
  engine: string;
  /** the display name in messages */
  title: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Each browser's entry: `executable` is the default of `pathVariable`. */
const BROWSERS: Readonly<Record<BrowserName, Omit<BrowserSpec, 'name'>>> = {
  chromium: {
    executable: '/usr/bin/chromium',
    pathVariable: 'CHROMIUM_PATH',
    install: 'apt-get install -y chromium',
    engine: 'blink/v8',
    title: 'Chromium',
  },
  firefox: {
    executable: '/usr/bin/firefox-esr',
    pathVariable: 'FIREFOX_PATH',
    install: 'apt-get install -y firefox-esr',
    engine: 'gecko/spidermonkey',
    title: 'Firefox',
  },
  // WebKitGTK is driven through its WebDriver, which starts MiniBrowser (the path in the capabilities)
  webkit: {
    executable: '/usr/bin/WebKitWebDriver',
    pathVariable: 'WEBKIT_WEBDRIVER_PATH',
    install: 'apt-get install -y webkit2gtk-driver xvfb',
    engine: 'webkit/javascriptcore',
    title: 'WebKitGTK',
  },
};

function isBrowserName(selector: string): selector is BrowserName {
  return Object.hasOwn(BROWSERS, selector);
}

/**
 * The browser named by a client selector (`chromium`, `firefox`, `webkit`), binaries from `env`.
 * @throws Error naming the selector when it is not a browser client.
 */
export function browserSpec(selector: string, env: Env = process.env): BrowserSpec {
  if (!isBrowserName(selector)) {
    throw new Error(`"${selector}" is not a browser client: use chromium, firefox or webkit`);
  }
  const entry = BROWSERS[selector];
  return { ...entry, name: selector, executable: env[entry.pathVariable] ?? entry.executable };
}

/**
 * Why a browser client cannot run on this machine (its binary, or for WebKit also Xvfb and MiniBrowser,
 * is missing), with the command that fixes it; null when it can. The runner turns this into a skip, which
 * fails the run under `--require-all` (CI).
 */
export function browserProblem(
  selector: string,
  env: Env = process.env,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const spec = browserSpec(selector, env);
  const needed = [[spec.executable, spec.pathVariable] as const];
  if (spec.name === 'webkit') {
    needed.push([xvfbPath(env), 'XVFB_PATH'], [miniBrowserPath(env), 'WEBKIT_MINIBROWSER_PATH']);
  }
  const missing = needed.filter(([path]) => !exists(path));
  if (missing.length === 0) return null;
  const paths = missing.map(([path, variable]) => `${path} (or set ${variable})`).join(', ');
  return `${spec.title} is not installed: missing ${paths}; ${spec.install}`;
}

/** The X server WebKitGTK draws into (MiniBrowser has no headless mode). */
export function xvfbPath(env: Env = process.env): string {
  return env['XVFB_PATH'] ?? '/usr/bin/Xvfb';
}

/** The browser WebKitWebDriver starts (webkit2gtk-driver's Debian layout). */
export function miniBrowserPath(env: Env = process.env): string {
  return env['WEBKIT_MINIBROWSER_PATH'] ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

/** The engine of a browser runtime as the reports name it (`firefox@153.0` gives `gecko/spidermonkey`). */
export function browserEngine(runtime: string): string | null {
  const at = runtime.indexOf('@');
  const name = at === -1 ? runtime : runtime.slice(0, at);
  return isBrowserName(name) ? BROWSERS[name].engine : null;
}
