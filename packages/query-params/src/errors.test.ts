import { describe, expect, test } from 'vitest';
import { QueryParamsError } from './errors.js';

describe('QueryParamsError', () => {
  test.each([
    ['TOO_MANY_PARAMS', 'too many'],
    ['TOO_LONG', 'too long'],
    ['INVALID_ENCODING', 'bad escape'],
    ['DUPLICATE_PARAM', 'dup'],
    ['INVALID_INPUT', 'not a query'],
    ['INVALID_OPTION', 'bad option'],
  ] as const)('%s keeps its code, message and name', (code, message) => {
    const error = new QueryParamsError(code, message);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.name).toBe('QueryParamsError');
  });

  test('keeps a cause', () => {
    const cause = new Error('inner');
    expect(new QueryParamsError('INVALID_INPUT', 'x', { cause }).cause).toBe(cause);
  });
});
