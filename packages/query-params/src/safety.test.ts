import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  edgeSpace,
  propertyRuns,
  propertyTimeout,
  reportRuns,
  trickyQuery,
} from './_test/query-arbitraries.js';
import { QueryParamsError } from './errors.js';
import type { QueryInput } from './input.js';
import { parseQuery } from './parse.js';
import type { QueryParams } from './query-params.js';

/** Names and bracket syntax that have polluted prototypes in other parsers (qs, querystring extensions). */
const pollution = [
  ...'__proto__ constructor prototype toString valueOf hasOwnProperty length 0 polluted yes'.split(' '),
  ...'__proto__[polluted] constructor[prototype][polluted] __proto__.polluted %5F%5Fproto%5F%5F'.split(' '),
  ...'[ ] . = & %5B %5D'.split(' '),
];
const pollutingQuery = fc
  .array(fc.constantFrom(...pollution), { maxLength: 24 })
  .map((parts) => parts.join(''));

function snapshot(target: object): [PropertyKey, PropertyDescriptor | undefined][] {
  return Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)]);
}

function readEverything(params: QueryParams): void {
  params.toObject();
  params.toObject({ duplicates: 'last' });
  params.toObject({ duplicates: 'array' });
  try {
    params.toObject({ duplicates: 'throw' });
  } catch (error) {
    expect((error as QueryParamsError).code).toBe('DUPLICATE_PARAM');
  }
  params.names();
  for (const name of params.keys()) params.getAll(name);
  params.toString();
}

describe('never touches Object.prototype or Array.prototype', () => {
  test('for any query of polluting names, read every way', { timeout: propertyTimeout }, () => {
    const objectBefore = snapshot(Object.prototype);
    const arrayBefore = snapshot(Array.prototype);
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(pollutingQuery, trickyQuery), (query) => {
        runs++;
        readEverything(parseQuery(query, { maxParams: Infinity }));
        readEverything(parseQuery(query, { maxParams: Infinity, decoding: 'keep-invalid' }));
      }),
      { numRuns: propertyRuns },
    );
    expect(snapshot(Object.prototype)).toEqual(objectBefore);
    expect(snapshot(Array.prototype)).toEqual(arrayBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    reportRuns('prototypes untouched', runs);
  });

  test('__proto__ is an own key of a null-prototype object', () => {
    const result = parseQuery(
      '__proto__[polluted]=1&__proto__=2&constructor[prototype][polluted]=3',
    ).toObject();
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(Object.keys(result)).toEqual([
      '__proto__[polluted]',
      '__proto__',
      'constructor[prototype][polluted]',
    ]);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('2');
  });
});

// Arbitrary UTF-16 text (lone surrogates too), mixed with the tricky pieces, up to a few hundred characters.
const anyText = fc.oneof(
  trickyQuery,
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    maxLength: 300,
  }),
);

// Tabs, newlines, C0 controls and spaces at either end: a target or URL is then cleaned before the limits.
const anyInput: fc.Arbitrary<QueryInput> = fc.oneof(
  anyText,
  fc.tuple(edgeSpace, anyText, edgeSpace).map(([before, text, after]) => `${before}/${text}${after}`),
  fc
    .tuple(edgeSpace, anyText, edgeSpace)
    .map(([before, text, after]) => `${before}wss://h/p?${text}${after}`),
  anyText.map((text) => ({ url: text })),
);

describe('default mode: only the two limit codes are ever thrown', () => {
  test('any input, any limits', { timeout: propertyTimeout }, () => {
    let runs = 0;
    let limited = 0;
    fc.assert(
      fc.property(anyInput, fc.nat(40), fc.nat(200), (input, maxParams, maxLength) => {
        runs++;
        try {
          parseQuery(input, { maxParams, maxLength }).toObject();
        } catch (error) {
          expect(error).toBeInstanceOf(QueryParamsError);
          expect(['TOO_MANY_PARAMS', 'TOO_LONG']).toContain((error as QueryParamsError).code);
          limited++;
        }
      }),
      { numRuns: propertyRuns },
    );
    expect(limited).toBeGreaterThan(0); // the limits were really exercised
    expect(limited).toBeLessThan(runs);
    reportRuns('default mode throws only limit codes', runs);
  });

  test('with onLimit truncate nothing throws, and the limits hold', { timeout: propertyTimeout }, () => {
    let runs = 0;
    fc.assert(
      fc.property(anyInput, fc.nat(40), fc.nat(200), (input, maxParams, maxLength) => {
        runs++;
        const params = parseQuery(input, { maxParams, maxLength, onLimit: 'truncate' });
        expect(params.size).toBeLessThanOrEqual(maxParams);
        const full = parseQuery(input, { maxParams: Infinity, maxLength: Infinity });
        // What is kept is the start of the full result.
        expect([...params]).toEqual([...full].slice(0, params.size));
        if (!params.truncated) expect(params.size).toBe(full.size);
      }),
      { numRuns: propertyRuns },
    );
    reportRuns('truncate keeps a prefix', runs);
  });
});
