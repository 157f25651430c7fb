import { describe, expect, test } from 'vitest';
import { browserEngine, browserProblem, browserSpec, miniBrowserPath, xvfbPath } from './browsers.js';

const present = (): boolean => true;

describe('browserSpec', () => {
  test.each([
    { selector: 'chromium', env: {}, executable: '/usr/bin/chromium' },
    { selector: 'chromium', env: { CHROMIUM_PATH: '/opt/c' }, executable: '/opt/c' },
    { selector: 'firefox', env: {}, executable: '/usr/bin/firefox-esr' },
    { selector: 'firefox', env: { FIREFOX_PATH: '/opt/f' }, executable: '/opt/f' },
    { selector: 'webkit', env: {}, executable: '/usr/bin/WebKitWebDriver' },
    { selector: 'webkit', env: { WEBKIT_WEBDRIVER_PATH: '/opt/w' }, executable: '/opt/w' },
  ])('$selector with $env runs $executable', ({ selector, env, executable }) => {
    expect(browserSpec(selector, env).executable).toBe(executable);
  });

  test.each(['ws@8', 'Chromium', ''])('refuses the non-browser selector %j', (selector) => {
    expect(() => browserSpec(selector, {})).toThrow(
      `"${selector}" is not a browser client: use chromium, firefox or webkit`,
    );
  });
});

describe('browserProblem (a skip, which fails the run under --require-all / CI)', () => {
  test.each([
    { selector: 'chromium', missing: [] as string[], expected: null },
    {
      selector: 'chromium',
      missing: ['/usr/bin/chromium'],
      expected:
        'Chromium is not installed: missing /usr/bin/chromium (or set CHROMIUM_PATH); apt-get install -y chromium',
    },
    {
      selector: 'firefox',
      missing: ['/usr/bin/firefox-esr'],
      expected:
        'Firefox is not installed: missing /usr/bin/firefox-esr (or set FIREFOX_PATH); apt-get install -y firefox-esr',
    },
    { selector: 'webkit', missing: [], expected: null },
    {
      selector: 'webkit',
      missing: ['/usr/bin/Xvfb'],
      expected:
        'WebKitGTK is not installed: missing /usr/bin/Xvfb (or set XVFB_PATH); apt-get install -y webkit2gtk-driver xvfb',
    },
    {
      selector: 'webkit',
      missing: ['/usr/bin/WebKitWebDriver', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'],
      expected:
        'WebKitGTK is not installed: missing /usr/bin/WebKitWebDriver (or set WEBKIT_WEBDRIVER_PATH), /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser (or set WEBKIT_MINIBROWSER_PATH); apt-get install -y webkit2gtk-driver xvfb',
    },
  ])('$selector missing $missing', ({ selector, missing, expected }) => {
    expect(browserProblem(selector, {}, (path) => !missing.includes(path))).toBe(expected);
  });

  test('checks the overridden paths', () => {
    const seen: string[] = [];
    browserProblem(
      'webkit',
      { XVFB_PATH: '/x', WEBKIT_MINIBROWSER_PATH: '/m', WEBKIT_WEBDRIVER_PATH: '/d' },
      (path) => {
        seen.push(path);
        return present();
      },
    );
    expect(seen).toEqual(['/d', '/x', '/m']);
    expect(xvfbPath({ XVFB_PATH: '/x' })).toBe('/x');
    expect(miniBrowserPath({})).toBe('/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser');
  });
});

describe('browserEngine', () => {
  test.each([
    { runtime: 'chromium@156.0.8078.114', engine: 'blink/v8' },
    { runtime: 'firefox@153.8.0', engine: 'gecko/spidermonkey' },
    { runtime: 'webkit@2.50.6', engine: 'webkit/javascriptcore' },
    { runtime: 'webkit', engine: 'webkit/javascriptcore' },
    { runtime: 'node@20.20.2', engine: null },
    { runtime: 'python@3.11.2', engine: null },
  ])('$runtime is $engine', ({ runtime, engine }) => {
    expect(browserEngine(runtime)).toBe(engine);
  });
});
