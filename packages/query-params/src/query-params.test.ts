import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { QueryParamsError } from './errors.js';
import { parseQuery, tryParseQuery } from './parse.js';
import { QueryParams, type ToObjectOptions } from './query-params.js';

const query = 'a=1&b=2&a=3&__proto__=p&2=two&1=one&e=';

describe('QueryParams: the read-only part of URLSearchParams', () => {
  const params = parseQuery(query);
  const reference = new URLSearchParams(query);

  test.each([['a'], ['b'], ['e'], ['__proto__'], ['missing'], ['constructor']])(
    'get / getAll / has(%j) agree with URLSearchParams',
    (name) => {
      expect(params.get(name)).toBe(reference.get(name));
      expect(params.getAll(name)).toEqual(reference.getAll(name));
      expect(params.has(name)).toBe(reference.has(name));
    },
  );

  test.each([
    ['a', '3', true],
    ['a', '2', false],
    ['e', '', true],
    ['missing', '', false],
  ])('has(%j, %j) with a value', (name, value, expected) => {
    expect(params.has(name, value)).toBe(expected);
  });

  test('size, keys, values, entries and iteration are in query order', () => {
    expect(params.size).toBe(reference.size);
    expect([...params.keys()]).toEqual([...reference.keys()]);
    expect([...params.values()]).toEqual([...reference.values()]);
    expect([...params.entries()]).toEqual([...reference.entries()]);
    expect([...params]).toEqual([...reference]);
  });

  test('forEach passes value, name and the params, with thisArg', () => {
    const seen: [string, string][] = [];
    const self = { tag: 'this' };
    params.forEach(function (this: unknown, value, name, parent) {
      expect(this).toBe(self);
      expect(parent).toBe(params);
      seen.push([name, value]);
    }, self);
    expect(seen).toEqual([...reference]);
  });

  test('is immutable: no mutators, no visible state', () => {
    const surface = params as unknown as Record<string, unknown>;
    for (const mutator of ['append', 'set', 'delete', 'sort']) expect(surface[mutator]).toBeUndefined();
    expect(Object.keys(params)).toEqual([]);
    expect(Object.prototype.toString.call(params)).toBe('[object QueryParams]');
  });
});

describe('QueryParams extras', () => {
  const params = parseQuery(query);

  test.each([
    ['a', '3'],
    ['b', '2'],
    ['missing', null],
  ])('getLast(%j)', (name, expected) => {
    expect(params.getLast(name)).toBe(expected);
  });

  test('names are unique, in first-seen order', () => {
    expect(params.names()).toEqual(['a', 'b', '__proto__', '2', '1', 'e']);
  });

  test('toURLSearchParams is a mutable copy', () => {
    const copy = params.toURLSearchParams();
    expect([...copy]).toEqual([...params]);
    copy.append('z', '9');
    expect(params.has('z')).toBe(false);
  });

  test('the constructor takes decoded pairs, without limits', () => {
    const built = new QueryParams([
      ['a b', 'c'],
      ['a b', 'd'],
    ]);
    expect([...built]).toEqual([
      ['a b', 'c'],
      ['a b', 'd'],
    ]);
    expect(built.truncated).toBe(false);
    expect(new QueryParams().size).toBe(0);
  });
});

describe('toString serializes like URLSearchParams', () => {
  test.each([
    ['plain', 'a=1&b=2'],
    ['space and plus', 'a+b=c%2Bd'],
    ['unreserved kept', "a=*-._~!'()"],
    ['non-ASCII', 'é=中😀'],
    ['escapes', 'x=%C3%A9%26%3D%23%25'],
    ['invalid UTF-8', 'x=%C3%28%FF'],
    ['lone surrogate', 'x=\ud800y'],
    ['empty names and values', '=&a=&=b'],
    ['no equals', 'flag&x'],
  ])('%s: %j', (_name, input) => {
    const expected = new URLSearchParams([...new URL('http://h/?' + input).searchParams]).toString();
    const params = parseQuery(input);
    expect(params.toString()).toBe(expected);
    expect(params.toURLSearchParams().toString()).toBe(expected);
    // Round trip: parsing the serialization gives the same entries.
    expect([...parseQuery(params.toString())]).toEqual([...params]);
  });

  test('a lone surrogate kept by keep-invalid is written as U+FFFD, like URLSearchParams', () => {
    const params = parseQuery('x=\ud800', { decoding: 'keep-invalid' });
    expect(params.get('x')).toBe('\ud800');
    expect(params.toString()).toBe('x=%EF%BF%BD');
  });
});

describe('toObject', () => {
  const params = parseQuery('a=1&b=2&a=3&__proto__=p&constructor=c');
  const policies = "'first', 'last', 'array' or 'throw'";

  test.each<[string, ToObjectOptions | undefined, Record<string, string | string[]>]>([
    ['default: first wins', undefined, { a: '1', b: '2', ['__proto__']: 'p', constructor: 'c' }],
    ['first', { duplicates: 'first' }, { a: '1', b: '2', ['__proto__']: 'p', constructor: 'c' }],
    [
      'undefined duplicates: first',
      { duplicates: undefined },
      { a: '1', b: '2', ['__proto__']: 'p', constructor: 'c' },
    ],
    ['last', { duplicates: 'last' }, { a: '3', b: '2', ['__proto__']: 'p', constructor: 'c' }],
    [
      'array: always arrays',
      { duplicates: 'array' },
      { a: ['1', '3'], b: ['2'], ['__proto__']: ['p'], constructor: ['c'] },
    ],
  ])('%s', (_name, options, expected) => {
    const result = params.toObject(options);
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(Object.keys(result)).toEqual(['a', 'b', '__proto__', 'constructor']);
    for (const [name, value] of Object.entries(expected)) expect(result[name]).toEqual(value);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
  });

  test('throw: refuses a repeated name, with the count and the fix', () => {
    let error: unknown;
    try {
      params.toObject({ duplicates: 'throw' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryParamsError);
    expect((error as QueryParamsError).code).toBe('DUPLICATE_PARAM');
    expect((error as QueryParamsError).message).toBe(
      `Parameter "a" appears 2 times in the query; toObject({ duplicates: 'throw' }) allows one. ` +
        `Read it with getAll("a") or choose duplicates: 'first', 'last' or 'array'.`,
    );
  });

  test('throw: unique names pass', () => {
    const result = parseQuery('x=1&y=2').toObject({ duplicates: 'throw' });
    expect({ ...result }).toEqual({ x: '1', y: '2' });
    expect(Object.getPrototypeOf(result)).toBeNull();
  });

  test.each<[string, unknown, string]>([
    ['an unknown policy', { duplicates: 'merge' }, `options.duplicates must be ${policies}, got "merge".`],
    ['a boolean policy', { duplicates: true }, `options.duplicates must be ${policies}, got true.`],
    [
      'a policy in an array',
      { duplicates: ['array'] },
      `options.duplicates must be ${policies}, got an array.`,
    ],
    ['null options', null, 'options must be an object or undefined, got null.'],
    ['a string for options', 'array', 'options must be an object or undefined, got "array".'],
  ])('INVALID_OPTION for %s', (_name, options, message) => {
    let error: unknown;
    try {
      params.toObject(options as ToObjectOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryParamsError);
    expect((error as QueryParamsError).code).toBe('INVALID_OPTION');
    expect((error as QueryParamsError).message).toBe(`toObject: ${message}`);
  });

  test('integer-like names come first in an object, but the params keep query order', () => {
    const ordered = parseQuery('b=1&2=x&1=y');
    expect(Object.keys(ordered.toObject())).toEqual(['1', '2', 'b']);
    expect(ordered.names()).toEqual(['b', '2', '1']);
  });
});

describe('a one-parameter query (stored without a list) answers like any other', () => {
  test.each([['a=1'], ['a'], ['%C3%A9=x+y'], ['/ws?room=general#f'], [`token=${'t'.repeat(40)}`]])(
    '%j',
    (input) => {
      const single = parseQuery(input);
      const reference = new URLSearchParams([
        ...new URL('http://h/?' + input.replace(/^\/ws\?/, '')).searchParams,
      ]);
      const [name, value] = [...reference][0]!;
      expect(single.size).toBe(1);
      expect(single.get(name)).toBe(value);
      expect(single.get('missing')).toBeNull();
      expect(single.getLast(name)).toBe(value);
      expect(single.getAll(name)).toEqual([value]);
      expect(single.has(name)).toBe(true);
      expect(single.has(name, value)).toBe(true);
      expect(single.names()).toEqual([name]);
      expect([...single.keys()]).toEqual([name]);
      expect([...single.values()]).toEqual([value]);
      expect([...single]).toEqual([[name, value]]);
      expect(single.toString()).toBe(reference.toString());
      expect({ ...single.toObject() }).toEqual({ [name]: value });
      expect(single.toObject({ duplicates: 'array' })[name]).toEqual([value]);
      expect([...single.toURLSearchParams()]).toEqual([[name, value]]);
      const seen: string[] = [];
      single.forEach((v, n) => {
        seen.push(n, v);
      });
      expect(seen).toEqual([name, value]);
    },
  );
});

describe('new QueryParams(...) depends on its arguments only, never on what the parser did before', () => {
  const runs: [string, () => unknown][] = [
    ['a list', () => parseQuery('x=1&y=2')],
    ['one parameter', () => parseQuery('only=1')],
    ['a truncated list', () => parseQuery('x=1&y=2&z=3', { maxParams: 1, onLimit: 'truncate' })],
    ['a failed strict parse', () => tryParseQuery('x=%zz&y=1', { decoding: 'strict' })],
    ['a limit error', () => tryParseQuery('x&y&z', { maxParams: 1 })],
  ];

  test.each(runs)('after %s', (_name, run) => {
    run();
    const built = new QueryParams([['a', '1']]);
    expect([...built]).toEqual([['a', '1']]);
    expect(built.truncated).toBe(false);
    expect(new QueryParams().size).toBe(0);
  });

  test('the module that builds QueryParams keeps no state between calls (no module-level let)', () => {
    const source = readFileSync(new URL('./query-params.ts', import.meta.url), 'utf8');
    expect(source.match(/^(let|var) .*$/gm) ?? []).toEqual([]);
  });

  test('a look-alike of the private adoption token is just a bad input', () => {
    const Forged = QueryParams as unknown as new (...args: unknown[]) => QueryParams;
    expect(() => new Forged(Symbol('QueryParams.adopt'), ['x', '1'], 2, true, 'x', '1')).toThrow(
      expect.objectContaining({
        name: 'QueryParamsError',
        code: 'INVALID_INPUT',
        message:
          'new QueryParams expects an iterable of [name, value] pairs or nothing, got Symbol(QueryParams.adopt).',
      }),
    );
  });

  test('the adoption factory is not part of the package', async () => {
    const index: Record<string, unknown> = await import('./index.js');
    expect(Object.keys(index).sort()).toEqual([
      'QueryParams',
      'QueryParamsError',
      'parseQuery',
      'tryParseQuery',
    ]);
    expect(Object.getOwnPropertySymbols(QueryParams)).toEqual([]);
  });
});

describe('new QueryParams(entries) checks its entries', () => {
  test.each<[string, unknown, [string, string][]]>([
    ['nothing', undefined, []],
    ['an empty array', [], []],
    ['a Map', new Map([['a', '1']]), [['a', '1']]],
    ['pairs as iterables', [new Set(['a', '1'])], [['a', '1']]],
    ['non-strings go through String', [[1, true]], [['1', 'true']]],
    [
      'a URLSearchParams',
      new URLSearchParams('a=1&a=2'),
      [
        ['a', '1'],
        ['a', '2'],
      ],
    ],
  ])('%s', (_name, entries, expected) => {
    expect([...new QueryParams(entries as Iterable<[string, string]>)]).toEqual(expected);
  });

  test.each<[string, unknown, string]>([
    ['a number', 5, 'an iterable of [name, value] pairs or nothing, got 5.'],
    ['null', null, 'an iterable of [name, value] pairs or nothing, got null.'],
    ['a string', 'a=1', 'an iterable of [name, value] pairs or nothing, got "a=1".'],
    ['a plain object', { a: '1' }, 'an iterable of [name, value] pairs or nothing, got an object.'],
    ['a string entry', ['ab'], '[name, value] pairs; entry 0 is "ab".'],
    ['a short entry', [['a', '1'], ['b']], '[name, value] pairs; entry 1 is a sequence of 1.'],
    ['a long entry', [['a', '1', 'x']], '[name, value] pairs; entry 0 is a sequence of 3.'],
    ['a null entry', [null], '[name, value] pairs; entry 0 is null.'],
  ])('INVALID_INPUT for %s', (_name, entries, message) => {
    let error: unknown;
    try {
      new QueryParams(entries as Iterable<[string, string]>);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryParamsError);
    expect((error as QueryParamsError).code).toBe('INVALID_INPUT');
    expect((error as QueryParamsError).message).toBe(`new QueryParams expects ${message}`);
  });
});
