import type { IncomingMessage } from 'node:http';
import { describe, expectTypeOf, test } from 'vitest';
import {
  parseQuery,
  type QueryInput,
  type QueryOptions,
  type QueryParams,
  type QueryParamsError,
  type QueryParamsErrorCode,
  tryParseQuery,
} from './index.js';

describe('toObject overloads', () => {
  const params = parseQuery('a=1');

  test('string values unless duplicates is array', () => {
    expectTypeOf(params.toObject()).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(params.toObject({})).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(params.toObject({ duplicates: 'first' })).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(params.toObject({ duplicates: 'last' })).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(params.toObject({ duplicates: 'throw' })).toEqualTypeOf<Record<string, string>>();
  });

  test('array gives string arrays, never a mix', () => {
    expectTypeOf(params.toObject({ duplicates: 'array' })).toEqualTypeOf<Record<string, string[]>>();
  });

  test('a policy only known at run time gives either shape', () => {
    const policy = 'array' as 'first' | 'array';
    expectTypeOf(params.toObject({ duplicates: policy })).toEqualTypeOf<
      Record<string, string> | Record<string, string[]>
    >();
  });

  test('unknown policies do not compile', () => {
    // @ts-expect-error not a policy
    params.toObject({ duplicates: 'merge' });
  });
});

describe('tryParseQuery', () => {
  test('narrows on ok', () => {
    const result = tryParseQuery('/ws?x=1');
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<QueryParams>();
      // @ts-expect-error no error on success
      result.error;
    } else {
      expectTypeOf(result.error).toEqualTypeOf<QueryParamsError>();
      expectTypeOf(result.error.code).toEqualTypeOf<QueryParamsErrorCode>();
      // @ts-expect-error no value on failure
      result.value;
    }
  });
});

describe('inputs and options', () => {
  test('requests, URLs and strings are inputs', () => {
    expectTypeOf<IncomingMessage>().toExtend<QueryInput>();
    expectTypeOf<Request>().toExtend<QueryInput>();
    expectTypeOf<URL>().toExtend<QueryInput>();
    expectTypeOf<URLSearchParams>().toExtend<QueryInput>();
    expectTypeOf<string>().toExtend<QueryInput>();
    expectTypeOf<number>().not.toExtend<QueryInput>();
  });

  test('options are the contract', () => {
    expectTypeOf<{ maxParams: 10; onLimit: 'truncate'; decoding: 'strict' }>().toExtend<QueryOptions>();
    expectTypeOf<{ onLimit: 'drop' }>().not.toExtend<QueryOptions>();
    expectTypeOf<{ decoding: 'latin1' }>().not.toExtend<QueryOptions>();
  });

  test('the read API', () => {
    expectTypeOf(parseQuery).returns.toEqualTypeOf<QueryParams>();
    expectTypeOf<QueryParams['get']>().returns.toEqualTypeOf<string | null>();
    expectTypeOf<QueryParams['getAll']>().returns.toEqualTypeOf<string[]>();
    expectTypeOf<QueryParams>().toExtend<Iterable<[string, string]>>();
    expectTypeOf<QueryParams['size']>().toEqualTypeOf<number>();
    expectTypeOf<QueryParamsErrorCode>().toEqualTypeOf<
      | 'TOO_MANY_PARAMS'
      | 'TOO_LONG'
      | 'INVALID_ENCODING'
      | 'DUPLICATE_PARAM'
      | 'INVALID_INPUT'
      | 'INVALID_OPTION'
    >();
  });
});
