import { describe, expect, test } from 'vitest';
import { HandshakeError, HeaderOptionsError } from './errors.js';

describe('HeaderOptionsError', () => {
  test.each([
    'INVALID_HEADER_NAME',
    'INVALID_HEADER_VALUE',
    'RESERVED_HEADER',
    'DUPLICATE_HEADER',
    'INVALID_SUBPROTOCOL',
    'DUPLICATE_SUBPROTOCOL',
    'TOO_MANY_SUBPROTOCOLS',
    'HEADERS_UNSUPPORTED',
    'CONFLICTING_OPTIONS',
    'INVALID_URL',
    'BLOCKED_PORT',
    'INVALID_TOKEN',
    'INVALID_OPTION',
  ] as const)('%s is a TypeError with its code', (code) => {
    const error = new HeaderOptionsError(code, `message for ${code}`);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(`message for ${code}`);
    expect(error.name).toBe('HeaderOptionsError');
  });
});

describe('HandshakeError', () => {
  test.each([
    ['REJECTED', 401, 401],
    ['TIMEOUT', undefined, null],
    ['NETWORK', null, null],
  ] as const)('%s keeps status %s as %s', (code, status, expected) => {
    const error = new HandshakeError(code, 'failed', { status });
    expect(error.code).toBe(code);
    expect(error.status).toBe(expected);
    expect(error.name).toBe('HandshakeError');
  });
});
