// @ts-check
// Test-only: load a package's TypeScript source where there is no `process`, no `Buffer` and no
// `require`: a fresh V8 context with browser globals only, the source compiled to CommonJS.
import { dirname, join, normalize } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { transpileFile } from './transpile.js';

/** @typedef {import('./browser-load.d.ts').BrowserLikeLoadOptions} BrowserLikeLoadOptions */
/** @typedef {import('./browser-load.d.ts').BrowserLikeLoad} BrowserLikeLoad */

/** Transpiling is pure, so its output is shared between loads; everything that runs is per load. */
const transpiled = new Map();

/**
 * The globals every browser has that packages here may touch; `process`, `Buffer`, `require`,
 * `global` and `setImmediate` are not among them.
 *
 * @returns {Record<string, unknown>}
 */
function browserGlobals() {
  return {
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    EventTarget,
    Event,
    DOMException,
    AbortController,
    AbortSignal,
    Headers,
    Blob,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
  };
}

/**
 * @param {string} file
 * @returns {string}
 */
function commonJs(file) {
  let output = transpiled.get(file);
  if (output === undefined) {
    output = transpileFile(file, 'commonjs');
    transpiled.set(file, output);
  }
  return output;
}

/**
 * Loads a fresh copy of a package from its TypeScript entry in a fresh context with browser globals
 * only and the given `console`. Relative imports are followed (`./x.js` is read as `./x.ts`); any
 * other import throws "the package imports <specifier>, which a browser cannot load". Every call is
 * independent: its own context, module instances and console, so no test depends on another.
 *
 * @param {BrowserLikeLoadOptions} options
 * @returns {BrowserLikeLoad}
 */
export function loadInBrowserLikeContext(options) {
  const context = createContext({ ...browserGlobals(), console: options.console ?? {} });
  /** @type {Map<string, Record<string, unknown>>} */
  const cache = new Map();
  /**
   * @param {string} file
   * @returns {Record<string, unknown>}
   */
  const load = (file) => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached;
    const module = { exports: /** @type {Record<string, unknown>} */ ({}) };
    cache.set(file, module.exports);
    const factory =
      /** @type {(exports: unknown, require: (specifier: string) => unknown, module: unknown) => void} */ (
        runInContext(`(function (exports, require, module) {${commonJs(file)}\n})`, context)
      );
    factory(
      module.exports,
      (specifier) => {
        if (!specifier.startsWith('.'))
          throw new Error(`the package imports ${specifier}, which a browser cannot load`);
        return load(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      },
      module,
    );
    cache.set(file, module.exports);
    return module.exports;
  };
  return { exports: load(options.entry), context };
}
