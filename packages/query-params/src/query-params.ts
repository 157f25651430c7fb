import { encodeComponent } from './encode.js';
import { QueryParamsError } from './errors.js';
import { invalidOption } from './options.js';

/** What `toObject` does with a name that appears more than once. */
export type DuplicatePolicy = 'first' | 'last' | 'array' | 'throw';

/** Options of {@link QueryParams.toObject}. */
export interface ToObjectOptions {
  /** `'first'` (default) or `'last'` value wins, `'array'`: every value in an array, `'throw'`: `DUPLICATE_PARAM`. */
  duplicates?: DuplicatePolicy | undefined;
}

// Set by `createQueryParams` / `createSingleParam` for the one constructor call that adopts a parser's result
// without copying it: 1 a list, 2 a single pair (a one-parameter query needs no list at all).
let adopting = 0;
let adoptedList: string[] | null = null;
let adoptedLength = 0;
let adoptedTruncated = false;
let adoptedName = '';
let adoptedValue = '';

/**
 * Wraps a parser's result. Internal: `list` is `[name0, value0, name1, value1, ...]`, used up to `length`
 * (the parser may allocate it larger), and is not copied.
 */
export function createQueryParams(list: string[], length: number, truncated: boolean): QueryParams {
  adopting = 1;
  adoptedList = list;
  adoptedLength = length;
  adoptedTruncated = truncated;
  return new QueryParams();
}

/** Wraps a parser's one-parameter result. Internal. */
export function createSingleParam(name: string, value: string): QueryParams {
  adopting = 2;
  adoptedName = name;
  adoptedValue = value;
  return new QueryParams();
}

function flatten(entries: Iterable<readonly [string, string]> | undefined): string[] {
  const list: string[] = [];
  if (entries !== undefined) {
    for (const [name, value] of entries) list.push(String(name), String(value));
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
   * Builds parameters from already decoded pairs (handy in tests); no limits apply. To parse a query, use
   * `parseQuery`.
   *
   * @param entries - name/value pairs, in order
   */
  constructor(entries?: Iterable<readonly [string, string]>) {
    // Kept small so V8 inlines it into the parser's call.
    if (adopting === 0) {
      const list = flatten(entries);
      this.#list = list;
      this.#length = list.length;
    } else {
      this.#list = adoptedList;
      this.#length = adopting === 1 ? adoptedLength : 2;
    }
    this.#truncated = adoptedTruncated;
    this.#name0 = adoptedName;
    this.#value0 = adoptedValue;
    adopting = 0;
    adoptedList = null;
    adoptedTruncated = false;
    adoptedName = '';
    adoptedValue = '';
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
