import { encodeComponent } from './encode.js';
import { QueryParamsError } from './errors.js';
import { invalidOption, showValue } from './options.js';

/** What `toObject` does with a name that appears more than once. */
export type DuplicatePolicy = 'first' | 'last' | 'array' | 'throw';

/** Options of {@link QueryParams.toObject}. */
export interface ToObjectOptions {
  /** `'first'` (default) or `'last'` value wins, `'array'`: every value in an array, `'throw'`: `DUPLICATE_PARAM`. */
  duplicates?: DuplicatePolicy | undefined;
}

// The first argument of the one constructor call that adopts a parser's result without copying it. Not
// exported from the package: nothing outside this module can pass it, so `new QueryParams(entries)` depends on
// its arguments only.
const ADOPT: unique symbol = Symbol('QueryParams.adopt');

/** The constructor's implementation signature, which its public declaration hides. */
type AdoptingConstructor = new (
  token: typeof ADOPT,
  list: string[] | null,
  length: number,
  truncated: boolean,
  name0: string,
  value0: string,
) => QueryParams;

/**
 * Wraps a parser's result. Internal: `list` is `[name0, value0, name1, value1, ...]`, used up to `length`
 * (the parser may allocate it larger), and is not copied.
 */
export function createQueryParams(list: string[], length: number, truncated: boolean): QueryParams {
  return new (QueryParams as unknown as AdoptingConstructor)(ADOPT, list, length, truncated, '', '');
}

/** Wraps a parser's one-parameter result (a one-parameter query needs no list at all). Internal. */
export function createSingleParam(name: string, value: string): QueryParams {
  return new (QueryParams as unknown as AdoptingConstructor)(ADOPT, null, 2, false, name, value);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    value !== undefined &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function notPairs(message: string): QueryParamsError {
  return new QueryParamsError('INVALID_INPUT', `new QueryParams expects ${message}`);
}

/** The pairs as `[name0, value0, ...]`, each converted with `String` (as `URLSearchParams` does). */
function flatten(entries: unknown): string[] {
  const list: string[] = [];
  if (entries === undefined) return list;
  if (!isIterable(entries) || typeof entries === 'string') {
    throw notPairs(`an iterable of [name, value] pairs or nothing, got ${showValue(entries)}.`);
  }
  let index = 0;
  for (const entry of entries) {
    const pair = typeof entry === 'object' && isIterable(entry) ? Array.from(entry) : null;
    if (pair === null || pair.length !== 2) {
      const got = pair === null ? showValue(entry) : `a sequence of ${pair.length}`;
      throw notPairs(`[name, value] pairs; entry ${index} is ${got}.`);
    }
    list.push(String(pair[0]), String(pair[1]));
    index++;
  }
  return list;
}

function duplicateError(name: string, count: number): QueryParamsError {
  const shown = JSON.stringify(name);
  return new QueryParamsError(
    'DUPLICATE_PARAM',
    `Parameter ${shown} appears ${count} times in the query; toObject({ duplicates: 'throw' }) allows one. ` +
      `Read it with getAll(${shown}) or choose duplicates: 'first', 'last' or 'array'.`,
  );
}

/**
 * An immutable list of decoded query parameters, in query order: the read-only part of `URLSearchParams`
 * plus `getLast`, `names`, `toObject` and `toURLSearchParams`. Get one from `parseQuery`.
 */
export class QueryParams implements Iterable<[string, string]> {
  // null while the params hold one pair, kept in #name0/#value0; built on first use by the other methods.
  #list: string[] | null;
  readonly #length: number;
  readonly #truncated: boolean;
  readonly #name0: string;
  readonly #value0: string;

  /**
   * Builds parameters from already decoded pairs (handy in tests); no limits apply, and names and values go
   * through `String` as in `URLSearchParams`. To parse a query, use `parseQuery`. The result depends on the
   * arguments only: the parser adopts its lists through a factory this package does not export.
   *
   * @param entries - name/value pairs, in order
   * @throws {QueryParamsError} `INVALID_INPUT` when `entries` is not an iterable of two-element sequences
   */
  constructor(entries?: Iterable<readonly [string, string]>);
  constructor(
    entries?: Iterable<readonly [string, string]> | typeof ADOPT,
    list?: string[] | null,
    length?: number,
    truncated?: boolean,
    name0?: string,
    value0?: string,
  ) {
    // Kept small so V8 inlines it into the parser's call.
    if (entries === ADOPT) {
      this.#list = list!;
      this.#length = length!;
      this.#truncated = truncated!;
      this.#name0 = name0!;
      this.#value0 = value0!;
    } else {
      const flat = flatten(entries);
      this.#list = flat;
      this.#length = flat.length;
      this.#truncated = false;
      this.#name0 = '';
      this.#value0 = '';
    }
  }

  /** The list of pairs, built from the single pair on first use. */
  #all(): string[] {
    if (this.#list === null) this.#list = [this.#name0, this.#value0];
    return this.#list;
  }

  /** Number of parameters, duplicates included. */
  get size(): number {
    return this.#length >> 1;
  }

  /** True when `onLimit: 'truncate'` dropped parameters or cut the query. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The first value of `name`, or `null` (like `URLSearchParams#get`). */
  get(name: string): string | null {
    const list = this.#list;
    if (list === null) return this.#name0 === name ? this.#value0 : null;
    const length = this.#length;
    for (let i = 0; i < length; i += 2) {
      if (list[i] === name) return list[i + 1]!;
    }
    return null;
  }

  /** The last value of `name`, or `null` (what Starlette and many frameworks return). */
  getLast(name: string): string | null {
    const list = this.#all();
    const length = this.#length;
    for (let i = length - 2; i >= 0; i -= 2) {
      if (list[i] === name) return list[i + 1]!;
    }
    return null;
  }

  /** Every value of `name`, in query order (a new array). */
  getAll(name: string): string[] {
    const list = this.#all();
    const length = this.#length;
    const values: string[] = [];
    for (let i = 0; i < length; i += 2) {
      if (list[i] === name) values.push(list[i + 1]!);
    }
    return values;
  }

  /** Whether `name` appears, optionally with exactly `value` (like `URLSearchParams#has`). */
  has(name: string, value?: string): boolean {
    const list = this.#all();
    const length = this.#length;
    for (let i = 0; i < length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
    }
    return false;
  }

  /** The distinct names, in the order they first appear. */
  names(): string[] {
    const list = this.#all();
    const length = this.#length;
    const seen = new Set<string>();
    for (let i = 0; i < length; i += 2) seen.add(list[i]!);
    return [...seen];
  }

  /** Every name, duplicates included, in query order. */
  *keys(): IterableIterator<string> {
    const list = this.#all();
    const length = this.#length;
    for (let i = 0; i < length; i += 2) yield list[i]!;
  }

  /** Every value, in query order. */
  *values(): IterableIterator<string> {
    const list = this.#all();
    const length = this.#length;
    for (let i = 1; i < length; i += 2) yield list[i]!;
  }

  /** Every `[name, value]` pair, in query order. */
  *entries(): IterableIterator<[string, string]> {
    const list = this.#all();
    const length = this.#length;
    for (let i = 0; i < length; i += 2) yield [list[i]!, list[i + 1]!];
  }

  /** Same as {@link QueryParams.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Calls `callback(value, name, params)` for every pair, in query order (like `URLSearchParams#forEach`). */
  forEach(callback: (value: string, name: string, params: QueryParams) => void, thisArg?: unknown): void {
    const list = this.#all();
    const length = this.#length;
    for (let i = 0; i < length; i += 2) callback.call(thisArg, list[i + 1]!, list[i]!, this);
  }

  /** The query serialized like `URLSearchParams#toString` (`+` for spaces, no leading `?`). */
  toString(): string {
    const list = this.#all();
    const length = this.#length;
    let out = '';
    for (let i = 0; i < length; i += 2) {
      if (i !== 0) out += '&';
      out += encodeComponent(list[i]!) + '=' + encodeComponent(list[i + 1]!);
    }
    return out;
  }

  /** A new, mutable `URLSearchParams` with the same pairs. */
  toURLSearchParams(): URLSearchParams {
    const list = this.#all();
    const length = this.#length;
    const params = new URLSearchParams();
    for (let i = 0; i < length; i += 2) params.append(list[i]!, list[i + 1]!);
    return params;
  }

  /**
   * A plain object with a null prototype (`__proto__` is an ordinary key). Integer-like names come first, as
   * in every JavaScript object; iterate the params themselves to keep query order.
   *
   * @param options - `duplicates`: `'first'` (default) or `'last'` value wins, `'array'` gives every value in
   *   an array (always an array, even for one value), `'throw'` refuses a repeated name
   * @throws {QueryParamsError} `DUPLICATE_PARAM` with `duplicates: 'throw'` when a name repeats;
   *   `INVALID_OPTION` for an unknown `duplicates` value or options that are not an object
   */
  toObject(): Record<string, string>;
  toObject(options: { duplicates: 'array' }): Record<string, string[]>;
  toObject(options: { duplicates?: 'first' | 'last' | 'throw' | undefined }): Record<string, string>;
  toObject(options?: ToObjectOptions): Record<string, string> | Record<string, string[]>;
  toObject(options?: ToObjectOptions): Record<string, string> | Record<string, string[]> {
    if (
      options !== undefined &&
      (typeof options !== 'object' || options === null || Array.isArray(options))
    ) {
      throw invalidOption('toObject', 'options', 'an object or undefined', options);
    }
    const duplicates: unknown = options === undefined ? 'first' : (options.duplicates ?? 'first');
    const list = this.#all();
    const length = this.#length;
    if (duplicates === 'first') {
      const result: Record<string, string> = Object.create(null);
      for (let i = 0; i < length; i += 2) {
        const name = list[i]!;
        if (result[name] === undefined) result[name] = list[i + 1]!;
      }
      return result;
    }
    if (duplicates === 'last') {
      const result: Record<string, string> = Object.create(null);
      for (let i = 0; i < length; i += 2) result[list[i]!] = list[i + 1]!;
      return result;
    }
    if (duplicates === 'array') {
      const result: Record<string, string[]> = Object.create(null);
      for (let i = 0; i < length; i += 2) {
        const name = list[i]!;
        const values = result[name];
        if (values === undefined) result[name] = [list[i + 1]!];
        else values.push(list[i + 1]!);
      }
      return result;
    }
    if (duplicates === 'throw') {
      const result: Record<string, string> = Object.create(null);
      for (let i = 0; i < length; i += 2) {
        const name = list[i]!;
        if (result[name] !== undefined) return throwDuplicate(name, this.getAll(name).length);
        result[name] = list[i + 1]!;
      }
      return result;
    }
    throw invalidOption('toObject', 'duplicates', "'first', 'last', 'array' or 'throw'", duplicates);
  }

  /** `QueryParams` in `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return 'QueryParams';
  }
}

function throwDuplicate(name: string, count: number): never {
  throw duplicateError(name, count);
}
