export interface BrowserLikeLoadOptions {
  /** the package's TypeScript entry, absolute, e.g. `<src>/index.ts` */
  entry: string;
  /** the context's `console` (default: an empty object, so any console call throws) */
  console?: Record<string, (...args: unknown[]) => unknown> | undefined;
}

export interface BrowserLikeLoad {
  /** the entry's exports */
  exports: Record<string, unknown>;
  /** the context's global object: `runInContext(code, context)` runs code in it */
  context: Record<string, unknown>;
}

/**
 * A fresh copy of a package, compiled to CommonJS and loaded in a fresh V8 context with browser
 * globals only (no `process`, `Buffer` or `require`); a non-relative import throws.
 */
export declare function loadInBrowserLikeContext(options: BrowserLikeLoadOptions): BrowserLikeLoad;
