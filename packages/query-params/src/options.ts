import { QueryParamsError } from './errors.js';

/** How `parseQuery` reads a query; every field is optional. */
export interface QueryOptions {
  /** Most parameters accepted (empty `&&` segments do not count). Default `1000`; `Infinity` for none. */
  maxParams?: number | undefined;
  /** Most characters of query accepted (after `?`, before `#`). Default `16384`; `Infinity` for none. */
  maxLength?: number | undefined;
  /**
   * What a limit does: `'throw'` (default) a `QueryParamsError` (`TOO_MANY_PARAMS` / `TOO_LONG`), or
   * `'truncate'`: keep the first `maxParams` parameters that end within `maxLength` characters and set
   * `truncated`.
   */
  onLimit?: 'throw' | 'truncate' | undefined;
  /**
   * `'whatwg'` (default): the URL Standard's oracle for the input's shape, exactly (`new URL(input, base)
   * .searchParams` for a target or URL, `new URLSearchParams(query)` for a query); invalid escapes become
   * U+FFFD or stay literal.
   * `'keep-invalid'`: a key or value that does not decode is returned as sent (with `+` as space).
   * `'strict'`: a malformed escape, invalid UTF-8 or lone surrogate throws `INVALID_ENCODING`.
   */
  decoding?: 'whatwg' | 'keep-invalid' | 'strict' | undefined;
}

/** Decoding modes as numbers for the parser's hot loop. */
export const WHATWG = 0;
export const KEEP_INVALID = 1;
export const STRICT = 2;

/** {@link QueryOptions} checked and filled in with defaults. */
export interface ResolvedOptions {
  readonly maxParams: number;
  readonly maxLength: number;
  readonly truncate: boolean;
  readonly decoding: typeof WHATWG | typeof KEEP_INVALID | typeof STRICT;
}

/** The defaults of the public contract. */
export const DEFAULT_OPTIONS: ResolvedOptions = {
  maxParams: 1000,
  maxLength: 16384,
  truncate: false,
  decoding: WHATWG,
};

/** A bad option value as a message shows it: strings quoted, objects by kind, everything else as written. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/**
 * The `INVALID_OPTION` error for option `name` of `caller`, naming the bad value and the accepted ones.
 *
 * @param caller - `parseQuery` or `toObject`
 * @param name - the option's name, `options` for the options argument itself
 * @param expected - the accepted values, as a phrase
 * @param value - what was given
 */
export function invalidOption(
  caller: string,
  name: string,
  expected: string,
  value: unknown,
): QueryParamsError {
  const option = name === 'options' ? 'options' : `options.${name}`;
  return new QueryParamsError(
    'INVALID_OPTION',
    `${caller}: ${option} must be ${expected}, got ${showValue(value)}.`,
  );
}

function resolveLimit(name: string, value: unknown, fallback: number): number | QueryParamsError {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value >= 0 && (Number.isInteger(value) || value === Infinity))
    return value;
  return invalidOption('parseQuery', name, 'a non-negative integer or Infinity', value);
}

/**
 * Checks `options` and fills in the defaults.
 *
 * @returns the resolved options, or a `QueryParamsError` with code `INVALID_OPTION` naming the bad option,
 *   its value and the accepted values
 */
export function resolveOptions(options: QueryOptions | undefined): ResolvedOptions | QueryParamsError {
  if (options === undefined) return DEFAULT_OPTIONS;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return invalidOption('parseQuery', 'options', 'an object or undefined', options);
  }
  const maxParams = resolveLimit('maxParams', options.maxParams, DEFAULT_OPTIONS.maxParams);
  if (typeof maxParams !== 'number') return maxParams;
  const maxLength = resolveLimit('maxLength', options.maxLength, DEFAULT_OPTIONS.maxLength);
  if (typeof maxLength !== 'number') return maxLength;
  const onLimit: unknown = options.onLimit;
  if (onLimit !== undefined && onLimit !== 'throw' && onLimit !== 'truncate') {
    return invalidOption('parseQuery', 'onLimit', "'throw' or 'truncate'", onLimit);
  }
  const decoding: unknown = options.decoding;
  let mode: ResolvedOptions['decoding'] = WHATWG;
  if (decoding === 'keep-invalid') mode = KEEP_INVALID;
  else if (decoding === 'strict') mode = STRICT;
  else if (decoding !== undefined && decoding !== 'whatwg') {
    return invalidOption('parseQuery', 'decoding', "'whatwg', 'keep-invalid' or 'strict'", decoding);
  }
  return { maxParams, maxLength, truncate: onLimit === 'truncate', decoding: mode };
}
