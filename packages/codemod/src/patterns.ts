/**
 * What the codemod looks for, as plain data and AST-agnostic predicates (strings in, booleans out).
 * The lint plugin detects the same silent-failure shapes: what both use is written once in
 * tooling/patterns (bundled into both packages at build time) and exported here under this package's
 * public names (`patterns` in the package's exports); this file adds what only the codemod needs.
 */
import {
  BUFFER_MISSING_STRING_METHODS,
  FIRST_HOP_HEADER_NAMES,
  isLegacyHeaderOptionName,
  LEGACY_HEADER_OPTION_NAMES,
  LISTENER_METHODS,
  NODE_QUERYSTRING_MODULES,
  WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION,
  WS8_BUFFER_EVENTS,
} from '@ws-compat/patterns';

export { LISTENER_METHODS, SHIM_MODULES, URL_MODULES } from '@ws-compat/patterns';

/** Module names that export the `ws` implementation (its class, `WebSocketServer`, `Server`). */
export const WS_MODULES: readonly string[] = ['ws', 'isomorphic-ws'];

/** Module names whose `WebSocket` is the WHATWG constructor that ignores a third argument. */
export const WHATWG_CLIENT_MODULES: readonly string[] = ['undici'];

/** Header option names from other clients and other languages; `createWebSocket` reads them all as `headers`. */
export const LEGACY_HEADER_OPTIONS: readonly string[] = LEGACY_HEADER_OPTION_NAMES;

/** Option keys `createWebSocket` takes itself; any other key of a ws options object moves to `native`. */
export const CLIENT_OPTION_KEYS: readonly string[] = ['headers', 'protocols', 'origin'];

/** ws 8.22.0 is the first release that reads `protocols` from the options object (ws 2 to 8.21 ignore it). */
export const WS_OPTIONS_PROTOCOLS_SINCE: string = WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION;

/** Headers whose first hop is what a client says it is, not what the socket saw. */
export const FORWARDING_HEADERS: readonly string[] = FIRST_HOP_HEADER_NAMES;

/** Identifier names that hold an incoming upgrade or HTTP request (`req.url` is a request target). */
export const REQUEST_NAMES: readonly string[] = [
  'req',
  'request',
  'upgradeReq',
  'incomingMessage',
  'httpRequest',
];

/** Socket events whose listeners receive text that ws 8 hands over as a Buffer. */
export const DECODED_EVENTS: readonly string[] = WS8_BUFFER_EVENTS;

/**
 * `String.prototype` methods that a `Buffer` lacks: calling one on a ws 8 message throws a TypeError
 * (`includes`, `indexOf`, `slice`, `toString`, `at` exist on both and are left alone).
 */
export const STRING_ONLY_METHODS: readonly string[] = BUFFER_MISSING_STRING_METHODS;

/** Methods of URLSearchParams that `QueryParams` (read-only) also has, with the same meaning. */
export const READ_ONLY_QUERY_METHODS: readonly string[] = [
  'get',
  'getAll',
  'has',
  'keys',
  'values',
  'entries',
  'forEach',
  'toString',
  'size',
];

/** Methods of URLSearchParams that mutate; `QueryParams` is immutable, so a rewrite would break these. */
export const MUTATING_QUERY_METHODS: readonly string[] = ['set', 'append', 'delete', 'sort'];

/** Modules whose `parse(query)` returns an object with arrays for repeated names. */
export const QUERYSTRING_MODULES: readonly string[] = [...NODE_QUERYSTRING_MODULES, 'qs'];

/** Whether `name` is a legacy header option name (`extraHeaders`, `extra_headers`, ...). */
export function isLegacyHeaderOption(name: string): boolean {
  return isLegacyHeaderOptionName(name);
}

/** Whether `name` (any case) is a forwarding header whose first hop a client can spoof. */
export function isForwardingHeader(name: string): boolean {
  return FORWARDING_HEADERS.includes(name.toLowerCase());
}

/** Whether `name` conventionally holds an incoming request. */
export function isRequestName(name: string): boolean {
  return REQUEST_NAMES.includes(name);
}

/** Whether `method` registers an EventEmitter listener. */
export function isListenerMethod(method: string): boolean {
  return LISTENER_METHODS.includes(method);
}

/** Whether `method` exists on strings but not on Buffers. */
export function isStringOnlyMethod(method: string): boolean {
  return STRING_ONLY_METHODS.includes(method);
}

/** Whether `source` names the ws implementation. */
export function isWsModule(source: string): boolean {
  return WS_MODULES.includes(source);
}

/** Whether `source` names a WHATWG-style client (constructor `(url, protocols)` only). */
export function isWhatwgClientModule(source: string): boolean {
  return WHATWG_CLIENT_MODULES.includes(source);
}

/** Whether `separator` is what splits a forwarding header into hops (`','` or `', '`). */
export function isHopSeparator(separator: string): boolean {
  return separator.trim() === ',';
}

/** Whether `separator` splits a request target from its query (`'?'`). */
export function isQuerySeparator(separator: string): boolean {
  return separator === '?';
}
