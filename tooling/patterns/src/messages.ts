/** EventEmitter methods that register a listener (`ws.on('message', ...)` and its siblings). */
export const LISTENER_METHODS: readonly string[] = [
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
];

/** The ws events whose text ws 8 hands over as a Buffer: a `message`'s data, a `close`'s reason. */
export const WS8_BUFFER_EVENTS: readonly string[] = ['message', 'close'];

/**
 * `String.prototype` methods a `Buffer` lacks: calling one on a ws 8 payload throws a TypeError. Methods
 * both have (`includes`, `indexOf`, `slice`, `toString`, `at`) are not here; `at` answers with a byte
 * rather than a character, which the lint rule reports and the codemod leaves for review.
 */
export const BUFFER_MISSING_STRING_METHODS: readonly string[] = [
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'localeCompare',
  'match',
  'matchAll',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'search',
  'split',
  'startsWith',
  'substr',
  'substring',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'trimLeft',
  'trimRight',
];
