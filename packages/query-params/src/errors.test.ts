import { describe, expect, test } from 'vitest';
import {
  parseQuery,
  QueryParams,
  QueryParamsError,
  type QueryParamsErrorCode,
  tryParseQuery,
} from './index.js';

// What a caller sees of an error the public API actually throws: the class, the name in logs and
// stack traces, and the code. The exact messages are asserted beside each behaviour (parse, options,
// toObject tests); this table proves every code reaches the caller as a real QueryParamsError.
const throwers: [QueryParamsErrorCode, () => unknown][] = [
  ['TOO_MANY_PARAMS', () => parseQuery('a=1&b=2', { maxParams: 1 })],
  ['TOO_LONG', () => parseQuery('a=12345', { maxLength: 3 })],
  ['INVALID_ENCODING', () => parseQuery('a=%zz', { decoding: 'strict' })],
  ['DUPLICATE_PARAM', () => parseQuery('a=1&a=2').toObject({ duplicates: 'throw' })],
  ['INVALID_INPUT', () => parseQuery(42 as unknown as string)],
  ['INVALID_OPTION', () => parseQuery('a=1', { onLimit: 'drop' as 'throw' })],
  ['INVALID_OPTION', () => parseQuery('a=1').toObject({ duplicates: 'merge' as 'first' })],
  ['INVALID_INPUT', () => new QueryParams([['only-a-name'] as unknown as [string, string]])],
];

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('errors thrown by the public API', () => {
  test.each(throwers)('%s is a QueryParamsError with its name and code', (code, run) => {
    const error = caught(run);
    expect(error).toBeInstanceOf(QueryParamsError);
    expect(error).toBeInstanceOf(Error);
    const queryError = error as QueryParamsError;
    expect(queryError.code).toBe(code);
    expect(queryError.name).toBe('QueryParamsError');
    expect(String(queryError)).toBe(`QueryParamsError: ${queryError.message}`);
    expect(queryError.stack?.startsWith(`QueryParamsError: ${queryError.message}`)).toBe(true);
    expect(queryError.message.length).toBeGreaterThan(20);
  });

  test.each([
    ['TOO_MANY_PARAMS', 'a=1&b=2', { maxParams: 1 }],
    ['TOO_LONG', 'a=12345', { maxLength: 3 }],
    ['INVALID_ENCODING', 'a=%zz', { decoding: 'strict' as const }],
  ] as const)(
    'tryParseQuery returns the %s that parseQuery throws, without throwing',
    (code, input, options) => {
      const result = tryParseQuery(input, options);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(QueryParamsError);
      expect(result.error.code).toBe(code);
      expect(result.error.message).toBe(
        (caught(() => parseQuery(input, options)) as QueryParamsError).message,
      );
    },
  );
});
