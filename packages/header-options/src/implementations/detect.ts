import { type CacheLevel, cachedFor } from '../_two-level-cache.js';
import { UNDICI_SOURCE_MARK, UNDICI5_SOURCE_MARK } from './capabilities.js';
import { findDispatcher } from './handshake-guard.js';

/** The families of WebSocket clients the shim knows how to call. */
export type ImplementationKind = 'ws' | 'undici' | 'node' | 'browser' | 'unknown';

/** What {@link detectImplementation} found out about a WebSocket constructor. */
export interface ImplementationInfo {
  /** `ws` (npm), `undici` (npm), `node` (Node's global), `browser` (only `(url, protocols)`), or `unknown`. */
  readonly kind: ImplementationKind;
  /** Whether handshake headers can be sent at all. */
  readonly headers: boolean;
  /** How many subprotocols one handshake may offer: 1 on undici 5, `Infinity` elsewhere. */
  readonly maxProtocols: number;
  /** The implementation's version where it says so (Node's bundled undici), otherwise `null`. */
  readonly version: string | null;
  /**
   * Whether `connect()` can watch this undici-family handshake through a wrapped dispatcher, checked
   * when called: `true` when undici's global dispatcher is there to wrap. Then `REJECTED` carries the
   * status, `REFUSED` the error code, a wrong subprotocol is `SUBPROTOCOL`, and Node 20's built-in
   * cannot crash on one. When `false` (no global dispatcher, e.g. undici 8 under a frozen
   * `globalThis`), pass `native: { dispatcher }` and the guard wraps that one; without it those
   * failures are `NETWORK` and their message says the guard was missing. Always `false` for ws
   * (watched through its own events), browsers and unknown implementations, which have no dispatcher.
   */
  readonly handshakeGuard: boolean;
}

/** Any WebSocket class: ws, undici, Node's or a browser's global, or a stand-in. */
export type WebSocketConstructor = new (...args: never[]) => object;

/**
 * Tells how to call a WebSocket constructor, by what it can do rather than by its name.
 *
 * - `ws`: an EventEmitter with `terminate()` and `ping()` (ws 2 to 8, CommonJS or ESM export).
 * - `undici`: a WHATWG WebSocket whose constructor converts a `WebSocketInit` dictionary
 *   (`{ protocols, headers, dispatcher }`); undici 5 still warns `UNDICI-WS` and can offer one subprotocol.
 * - `node`: the same, when it is Node's global `WebSocket`; the version is `process.versions.undici`.
 * - `browser`: a WHATWG WebSocket that takes only `(url, protocols)` and cannot send headers.
 * - `unknown`: anything else; it is called as `(url, protocols)`.
 *
 * @param WebSocketImpl - the constructor that will be called with `new`.
 * @returns the kind, whether headers can be sent, the subprotocol limit, the version if known and
 *   whether `connect()` can install its handshake guard.
 */
export function detectImplementation(WebSocketImpl: unknown): ImplementationInfo {
  return withGuard(detectKind(WebSocketImpl));
}

function detectKind(WebSocketImpl: unknown): ImplementationInfo {
  if (typeof WebSocketImpl !== 'function') return info('unknown', false, Infinity, null);
  // Reading class sources is the costly part; a class does not change what it can do. Whether a
  // dispatcher exists can change, so handshakeGuard is added per call (withGuard).
  const cached = detectionCache.get(WebSocketImpl);
  if (cached !== undefined) return cached;
  const result = inspect(WebSocketImpl);
  detectionCache.set(WebSocketImpl, result);
  return result;
}

function withGuard(found: ImplementationInfo): ImplementationInfo {
  const guard = (found.kind === 'undici' || found.kind === 'node') && findDispatcher(undefined) !== null;
  return guard === found.handshakeGuard ? found : Object.freeze({ ...found, handshakeGuard: guard });
}

const detectionCache = new WeakMap<object, ImplementationInfo>();

function inspect(WebSocketImpl: { readonly prototype?: unknown }): ImplementationInfo {
  const prototype: unknown = WebSocketImpl.prototype;
  if (isObject(prototype) && hasMethods(prototype, ['terminate', 'ping', 'on', 'emit'])) {
    return info('ws', true, Infinity, null);
  }
  if (!isWhatwgWebSocket(WebSocketImpl, prototype)) return info('unknown', false, Infinity, null);
  const source = sourceOf(WebSocketImpl);
  if (!source.includes(UNDICI_SOURCE_MARK)) return info('browser', false, Infinity, null);
  const bundled = nodeBundledUndici();
  if (bundled !== null && WebSocketImpl === (globalThis as { WebSocket?: unknown }).WebSocket) {
    return info('node', true, majorOf(bundled) === 5 ? 1 : Infinity, bundled);
  }
  return info('undici', true, isUndici5(source) ? 1 : Infinity, null);
}

/**
 * The same as {@link detectImplementation}, with `kind` forced by the `implementation` option.
 * The subprotocol limit and version still come from the constructor when it is of that kind.
 */
export function resolveImplementation(
  WebSocketImpl: unknown,
  override: Exclude<ImplementationKind, 'unknown'> | undefined,
): ImplementationInfo {
  const resolved = resolveCallShape(WebSocketImpl, override);
  return resolved.kind === 'undici' || resolved.kind === 'node' ? withGuard(resolved) : resolved;
}

/**
 * {@link resolveImplementation} without `handshakeGuard` (always `false` here): how to call the
 * constructor, which depends only on the class and the override, so it is computed once per pair.
 */
export function resolveCallShape(
  WebSocketImpl: unknown,
  override: Exclude<ImplementationKind, 'unknown'> | undefined,
): ImplementationInfo {
  const detected = detectKind(WebSocketImpl);
  if (override === undefined || override === detected.kind) return detected;
  if (typeof WebSocketImpl !== 'function') return overrideInfo(WebSocketImpl, override);
  return cachedFor(overrideCache, WebSocketImpl, override, newOverrideLevel, overrideInfo);
}

function newOverrideLevel(): Map<ImplementationKind, ImplementationInfo> {
  return new Map();
}

const overrideCache = new WeakMap<object, CacheLevel<ImplementationKind, ImplementationInfo>>();

function overrideInfo(
  WebSocketImpl: unknown,
  override: Exclude<ImplementationKind, 'unknown'>,
): ImplementationInfo {
  if (override === 'undici' || override === 'node') {
    const source = typeof WebSocketImpl === 'function' ? sourceOf(WebSocketImpl) : '';
    const version = override === 'node' ? nodeBundledUndici() : null;
    const undici5 = version === null ? isUndici5(source) : majorOf(version) === 5;
    return info(override, true, undici5 ? 1 : Infinity, version);
  }
  return info(override, override === 'ws', Infinity, null);
}

/** The undici version bundled with the running Node, or `null` outside Node. */
export function nodeBundledUndici(): string | null {
  if (typeof process === 'undefined') return null;
  const version = (process as { versions?: { undici?: unknown } }).versions?.undici;
  return typeof version === 'string' ? version : null;
}

/** The major version number of a `x.y.z` version string. */
export function majorOf(version: string): number {
  return Number.parseInt(version, 10);
}

function info(
  kind: ImplementationKind,
  headers: boolean,
  maxProtocols: number,
  version: string | null,
): ImplementationInfo {
  return Object.freeze({ kind, headers, maxProtocols, version, handshakeGuard: false });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function hasMethods(target: Record<string, unknown>, names: readonly string[]): boolean {
  return names.every((name) => typeof target[name] === 'function');
}

function isWhatwgWebSocket(candidate: unknown, prototype: unknown): boolean {
  if (!isObject(candidate) || !isObject(prototype)) return false;
  return (
    candidate['CONNECTING'] === 0 &&
    candidate['OPEN'] === 1 &&
    candidate['CLOSING'] === 2 &&
    candidate['CLOSED'] === 3 &&
    hasMethods(prototype, ['send', 'close', 'addEventListener', 'removeEventListener'])
  );
}

function sourceOf(candidate: object): string {
  // Native browser classes print `[native code]`; undici's JavaScript class prints its source.
  // Subclasses (`class Traced extends WebSocket`) are walked up to their base class.
  let source = '';
  for (let current: unknown = candidate, depth = 0; typeof current === 'function' && depth < 8; depth++) {
    if (current === Function.prototype) break;
    source += Function.prototype.toString.call(current);
    current = Object.getPrototypeOf(current);
  }
  return source;
}

function isUndici5(source: string): boolean {
  // undici 5 is the only major whose constructor still emits the experimental warning.
  return source.includes(UNDICI5_SOURCE_MARK);
}
