import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { closeArguments } from './_close-arguments.js';

describe('closeArguments', () => {
  test.each([
    { name: 'nothing', code: undefined, reason: undefined, expected: { code: undefined, reason: '' } },
    { name: 'only a reason', code: undefined, reason: 'why', expected: { code: 1000, reason: 'why' } },
    { name: 'an empty reason alone', code: undefined, reason: '', expected: { code: undefined, reason: '' } },
    { name: '1000', code: 1000, reason: undefined, expected: { code: 1000, reason: '' } },
    { name: "'1000' (a string)", code: '1000', reason: undefined, expected: { code: 1000, reason: '' } },
    {
      name: '1000.5 (halves to even)',
      code: 1000.5,
      reason: undefined,
      expected: { code: 1000, reason: '' },
    },
    {
      name: '3000.5 (halves to even)',
      code: 3000.5,
      reason: undefined,
      expected: { code: 3000, reason: '' },
    },
    { name: '2999.6 (rounds up)', code: 2999.6, reason: undefined, expected: { code: 3000, reason: '' } },
    {
      name: '4999 with 123 bytes',
      code: 4999,
      reason: 'é'.repeat(61) + 'x',
      expected: { code: 4999, reason: 'é'.repeat(61) + 'x' },
    },
    { name: 'a non-string reason', code: 4000, reason: 42, expected: { code: 4000, reason: '42' } },
  ])('accepts $name', ({ code, reason, expected }) => {
    expect(closeArguments(code, reason)).toEqual(expected);
  });

  test.each([
    { code: 1001, shown: '1001', value: 1001 },
    { code: 1005, shown: '1005', value: 1005 },
    { code: 2999, shown: '2999', value: 2999 },
    { code: 5000, shown: '5000', value: 5000 },
    { code: Number.NaN, shown: 'NaN', value: 0 },
    { code: null, shown: 'null', value: 0 },
    { code: -1, shown: '-1', value: 0 },
    { code: 70000, shown: '70000', value: 65535 },
  ])('refuses code $shown with InvalidAccessError naming it and the fix', ({ code, shown, value }) => {
    expect(() => closeArguments(code, undefined)).toThrow(
      expect.objectContaining({
        name: 'InvalidAccessError',
        message: `close(${shown}): the close code must be 1000 or between 3000 and 4999, and ${value} is neither; use 1000 for a normal closure or pick an application code in 3000-4999.`,
      }),
    );
  });

  test.each([
    { name: '124 ASCII bytes', reason: 'x'.repeat(124), bytes: 124 },
    { name: '62 é (124 bytes)', reason: 'é'.repeat(62), bytes: 124 },
    { name: '31 emoji (124 bytes)', reason: '🔑'.repeat(31), bytes: 124 },
  ])('refuses a reason of $name with SyntaxError', ({ reason, bytes }) => {
    expect(() => closeArguments(1000, reason)).toThrow(
      expect.objectContaining({
        name: 'SyntaxError',
        message: `close(): the close reason must not be longer than 123 UTF-8 bytes, and this one is ${bytes}; shorten it.`,
      }),
    );
  });

  test('property: an integer code is accepted exactly when it is 1000 or in 3000-4999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (code) => {
        const valid = code === 1000 || (code >= 3000 && code <= 4999);
        if (valid) expect(closeArguments(code, undefined).code).toBe(code);
        else expect(() => closeArguments(code, undefined)).toThrow(DOMException);
      }),
    );
  });

  test('property: a reason is accepted exactly when its UTF-8 encoding is at most 123 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (reason) => {
        const bytes = Buffer.byteLength(reason);
        if (bytes <= 123) expect(closeArguments(1000, reason).reason).toBe(reason);
        else expect(() => closeArguments(1000, reason)).toThrow(DOMException);
      }),
    );
  });
});
