import { describe, expect, test } from 'vitest';
import { ConnectionContextError } from './errors.js';

describe('ConnectionContextError', () => {
  test.each([
    ['DUPLICATE_HEADER', 400],
    ['INVALID_TOKEN', 401],
    ['INVALID_FORWARDED', 400],
    ['INVALID_TRUST_PROXY', 500],
    ['INVALID_QUERY', 400],
    ['ORIGIN_NOT_ALLOWED', 403],
    ['UNAUTHORIZED', 401],
    ['INVALID_OPTION', 500],
  ] as const)('%s defaults to status %i', (code, status) => {
    const error = new ConnectionContextError(code, 'refused');
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.name).toBe('ConnectionContextError');
  });

  test('an explicit status wins (414 for a query that is too long)', () => {
    expect(new ConnectionContextError('INVALID_QUERY', 'too long', { status: 414 }).status).toBe(414);
  });
});
