import { describe, expect, test } from 'vitest';
import { headerLines, parseHead, showBytes, statusCode } from './http-head.js';

describe('parseHead', () => {
  test('keeps names as sent and value bytes exactly (Latin-1), drops one optional space', () => {
    const bytes = Buffer.concat([
      Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\nX-Latin: h'),
      Buffer.from([0xe9]),
      Buffer.from('llo\r\nx-pad:   padded  \r\nX-Empty:\r\n\r\nframe'),
    ]);
    const head = parseHead(bytes);
    expect(head?.startLine).toBe('GET /x HTTP/1.1');
    expect(head?.headers).toEqual([
      { name: 'Host', value: 'a' },
      { name: 'X-Latin', value: 'h\u00e9llo' },
      { name: 'x-pad', value: '  padded  ' },
      { name: 'X-Empty', value: '' },
    ]);
    expect(head?.raw.endsWith('\r\n\r\n')).toBe(true);
  });

  test.each([
    { name: 'no end of head yet', input: 'GET / HTTP/1.1\r\nHost: a\r\n' },
    { name: 'empty', input: '' },
  ])('null when $name', ({ input }) => {
    expect(parseHead(Buffer.from(input))).toBeNull();
  });

  test('headerLines is case-insensitive and keeps duplicates in order', () => {
    const head = parseHead(Buffer.from('GET / HTTP/1.1\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Other: 3\r\n\r\n'))!;
    expect(headerLines(head, 'X-DUP').map((line) => line.value)).toEqual(['1', '2']);
  });

  test.each([
    { start: 'HTTP/1.1 101 Switching Protocols', status: 101 },
    { start: 'HTTP/1.0 401 Unauthorized', status: 401 },
    { start: 'GET / HTTP/1.1', status: null },
  ])('statusCode of "$start"', ({ start, status }) => {
    expect(statusCode(parseHead(Buffer.from(`${start}\r\n\r\n`))!)).toBe(status);
  });

  test('showBytes escapes control and non-ASCII bytes', () => {
    expect(showBytes('a\r\n\u00e9\u0000z')).toBe('a\\x0d\\x0a\\xe9\\x00z');
  });
});
