import { describe, expect, test } from 'vitest';
import {
  BAD_ESCAPE,
  type DecodeFailureKind,
  decodeComponent,
  decodeFailure,
  INVALID_UTF8,
  LONE_SURROGATE,
  plusToSpace,
} from './decode.js';
import { KEEP_INVALID, STRICT, WHATWG } from './options.js';

const FFFD = '\ufffd';

describe('decodeComponent', () => {
  test.each([
    ['no escapes', 'abc', 'abc'],
    ['plus', 'a+b', 'a b'],
    ['ASCII escape', '%41%62', 'Ab'],
    ['mixed', 'x%C3%A9y+z', 'xéy z'],
    ['three bytes', '%E4%B8%AD', '中'],
    ['four bytes', '%F0%9F%98%80', '😀'],
    ['lowest three-byte after E0', '%E0%A0%80', '\u0800'],
    ['highest code point', '%F4%8F%BF%BF', '\u{10ffff}'],
    ['broken sequence then ASCII', '%E4%B8%41', FFFD + 'A'],
    ['lone percent', '100%', '100%'],
    ['lone surrogate', 'a\udc00b', 'a' + FFFD + 'b'],
    ['surrogate pair kept', 'a\ud83d\ude00', 'a😀'],
  ])('whatwg: %s', (_name, input, expected) => {
    expect(decodeComponent(input, 0, input.length, WHATWG)).toBe(expected);
  });

  test('decodes only the given range', () => {
    const s = '%41&b=%42%43&c';
    expect(decodeComponent(s, 6, 12, WHATWG)).toBe('BC');
  });

  test.each<[string, string, number, DecodeFailureKind, number, number]>([
    ['bad escape', 'ab%zz', KEEP_INVALID, BAD_ESCAPE, 2, 5],
    ['short escape at the end', 'ab%4', KEEP_INVALID, BAD_ESCAPE, 2, 4],
    ['invalid continuation', '%C3%28', KEEP_INVALID, INVALID_UTF8, 0, 6],
    ['invalid lead byte', 'x%FF', KEEP_INVALID, INVALID_UTF8, 1, 4],
    ['truncated', '%E4%B8', KEEP_INVALID, INVALID_UTF8, 0, 6],
    ['lone surrogate in strict', 'a\ud800', STRICT, LONE_SURROGATE, 1, 2],
  ])('fail-fast: %s', (_name, input, mode, kind, start, end) => {
    expect(decodeComponent(input, 0, input.length, mode as typeof KEEP_INVALID)).toBeNull();
    expect(decodeFailure).toEqual({ kind, start, end });
  });

  test('keep-invalid lets a lone surrogate through, like decodeURIComponent', () => {
    expect(decodeComponent('%41\ud800', 0, 4, KEEP_INVALID)).toBe(decodeURIComponent('%41\ud800'));
  });
});

describe('plusToSpace', () => {
  test.each([
    ['a+b+', 0, 4, 'a b '],
    ['x=a+%zz', 2, 7, 'a %zz'],
    ['none', 0, 4, 'none'],
  ])('%j [%i, %i)', (input, start, end, expected) => {
    expect(plusToSpace(input, start, end)).toBe(expected);
  });
});
