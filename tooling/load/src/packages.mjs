// @ts-check

// The contract functions of our packages (ARCHITECTURE.md), loaded at run time so a package that is
// still being written makes a part of the run report "not ready" instead of breaking the harness.

/**
 * @typedef {object} ConnectionContextView the fields of ConnectionContext that the load run reads
 * @property {string} id
 * @property {{ get(name: string): string | null; toObject(): Record<string, string> }} query
 * @property {{ address: string | null; forwardedFor: readonly string[]; viaProxy: boolean }} client
 * @property {{ scheme: string; token: string; source: string } | null} auth
 * @property {string | null} origin
 */

/**
 * @typedef {object} ConnectionContextPackage
 * @property {(serverOptions: Record<string, unknown>, options?: Record<string, unknown>) => Record<string, unknown>} withConnectionContext
 * @property {(ws: unknown, req?: unknown) => ConnectionContextView | undefined} contextOf
 * @property {(wss: unknown, options?: Record<string, unknown>) => (request: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void} createUpgradeHandler
 */

/**
 * @typedef {object} HeaderOptionsPackage
 * @property {<T>(implementation: new (...args: any[]) => T, url: string, options?: Record<string, unknown>) => Promise<T>} connect
 */

/**
 * @param {string} specifier
 * @param {readonly string[]} names
 * @returns {Promise<Record<string, unknown>>}
 */
async function load(specifier, names) {
  /** @type {Record<string, unknown>} */
  let module;
  try {
    module = await import(specifier);
  } catch (error) {
    throw new Error(`${specifier} cannot be loaded yet (${error instanceof Error ? error.message : error})`);
  }
  const missing = names.filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(
      `${specifier} does not export ${missing.join(', ')} yet (rebuild it when its author is done)`,
    );
  }
  return module;
}

/** @returns {Promise<ConnectionContextPackage>} */
export async function loadConnectionContext() {
  const names = ['withConnectionContext', 'contextOf', 'createUpgradeHandler'];
  return /** @type {ConnectionContextPackage} */ (
    /** @type {unknown} */ (await load('@ws-compat/connection-context', names))
  );
}

/** @returns {Promise<HeaderOptionsPackage>} */
export async function loadHeaderOptions() {
  return /** @type {HeaderOptionsPackage} */ (
    /** @type {unknown} */ (await load('@ws-compat/header-options', ['connect']))
  );
}

/**
 * Which of the packages this run needs are usable now, and why not when they are not.
 *
 * @returns {Promise<{ connectionContext: string | null; headerOptions: string | null }>} null when ready, else the reason
 */
export async function packageReadiness() {
  const reason = (/** @type {unknown} */ error) => (error instanceof Error ? error.message : String(error));
  const [connectionContext, headerOptions] = await Promise.all([
    loadConnectionContext().then(() => null, reason),
    loadHeaderOptions().then(() => null, reason),
  ]);
  return { connectionContext, headerOptions };
}
