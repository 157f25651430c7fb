// Shared through the global symbol registry, so the ESM and CommonJS copies of this package (or two
// installed versions) still warn once per process.
const REGISTRY = Symbol.for('@ws-compat/header-options.warnings');

function warnedKeys(): Set<string> {
  const registry = globalThis as Record<symbol, Set<string> | undefined>;
  let keys = registry[REGISTRY];
  if (keys === undefined) {
    keys = new Set();
    registry[REGISTRY] = keys;
  }
  return keys;
}

/**
 * Emits a process warning once per `key` per process. Where `process.emitWarning` does not exist
 * (browsers) it stays silent, unless `browser` is `'console'`: then it calls `console.warn` once.
 *
 * @param key - what the warning is about, e.g. the legacy option name.
 * @param message - the text users read.
 * @param type - the warning type, e.g. `DeprecationWarning`.
 * @param code - the stable warning code, e.g. `WS_COMPAT_DEP_HEADERS`.
 * @param browser - what to do without `process.emitWarning`; default `'silent'`.
 */
export function warnOnce(
  key: string,
  message: string,
  type: string,
  code: string,
  browser: 'silent' | 'console' = 'silent',
): void {
  const warned = warnedKeys();
  if (warned.has(key)) return;
  warned.add(key);
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
    process.emitWarning(message, { type, code });
  } else if (browser === 'console' && typeof console !== 'undefined') {
    console.warn(`[${code}] ${message}`);
  }
}

/** Internal, for tests: forget which warnings were emitted. Not exported from the package. */
export function resetWarningsForTests(): void {
  warnedKeys().clear();
}
