import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HeaderOptionsError } from './errors.js';
import { type HeaderInit, normalizeHeaders } from './headers.js';

function failure(init: unknown): { code: string; message: string } | undefined {
  try {
    normalizeHeaders(init as HeaderInit);
  } catch (error) {
    expect(error).toBeInstanceOf(HeaderOptionsError);
    const { code, message } = error as HeaderOptionsError;
    return { code, message };
  }
  return undefined;
}

describe('normalizeHeaders: the same pairs from every input shape', () => {
  test.each<[string, HeaderInit, [string, string][]]>([
    [
      'a record',
      { 'X-Custom': 'hello', 'X-Num': 42 },
      [
        ['X-Custom', 'hello'],
        ['X-Num', '42'],
      ],
    ],
    [
      'a Map',
      new Map<string, string | number>([
        ['X-Custom', 'hello'],
        ['X-Num', 42],
      ]),
      [
        ['X-Custom', 'hello'],
        ['X-Num', '42'],
      ],
    ],
    [
      'pairs',
      [
        ['X-Custom', 'hello'],
        ['X-Num', '42'],
      ],
      [
        ['X-Custom', 'hello'],
        ['X-Num', '42'],
      ],
    ],
    [
      'a Headers (names lower-cased by Headers)',
      new Headers({ 'X-Custom': 'hello' }),
      [['x-custom', 'hello']],
    ],
    ['undefined values are skipped', { 'X-A': undefined, 'X-B': 'b' }, [['X-B', 'b']]],
    ['an empty array is no header', { 'X-A': [] }, []],
    ['arrays join with a comma', { 'X-Multi': ['a', 'b'] }, [['X-Multi', 'a, b']]],
    ['cookies join with a semicolon', { cookie: ['a=1', 'b=2'] }, [['cookie', 'a=1; b=2']]],
    ['spaces and tabs are trimmed', { 'X-Pad': ' \t padded \t' }, [['X-Pad', 'padded']]],
    ['inner whitespace is kept', { 'X-Inner': 'a  \tb' }, [['X-Inner', 'a  \tb']]],
    ['an empty value is kept', { 'X-Empty': '' }, [['X-Empty', '']]],
    ['Latin-1 is allowed', { 'X-Latin': 'h\u00e9llo \u00ff' }, [['X-Latin', 'h\u00e9llo \u00ff']]],
    ['zero', { 'X-Zero': 0 }, [['X-Zero', '0']]],
    [
      'Origin and Authorization are ordinary headers here',
      { Origin: 'http://a', Authorization: 'Basic x' },
      [
        ['Origin', 'http://a'],
        ['Authorization', 'Basic x'],
      ],
    ],
    ['every tchar in a name', { "!#$%&'*+-.^_`|~09AZaz": 'v' }, [["!#$%&'*+-.^_`|~09AZaz", 'v']]],
  ])('%s', (_name, init, expected) => {
    expect(normalizeHeaders(init)).toEqual(expected);
  });
});

const VALUE_RULE =
  'header values cannot contain CR, LF, NUL, other control characters or characters above U+00FF (encode the value, e.g. with encodeURIComponent)';
const NAME_RULE = "a header name is an RFC 7230 token (letters, digits and !#$%&'*+-.^_`|~)";

describe('normalizeHeaders: every refusal, with its code and message', () => {
  test.each<[string, unknown, string, string]>([
    [
      'a space in a name',
      { 'X Bad': '1' },
      'INVALID_HEADER_NAME',
      `Header name "X Bad" has the invalid character U+0020 at index 1; ${NAME_RULE}`,
    ],
    [
      'a colon in a name',
      [['X-A:', '1']],
      'INVALID_HEADER_NAME',
      `Header name "X-A:" has the invalid character U+003A at index 3; ${NAME_RULE}`,
    ],
    [
      'a non-ASCII name',
      { 'X-Ü': '1' },
      'INVALID_HEADER_NAME',
      `Header name "X-Ü" has the invalid character U+00DC at index 2; ${NAME_RULE}`,
    ],
    [
      'an empty name',
      { '': '1' },
      'INVALID_HEADER_NAME',
      'Header name "" is empty; a header name is an RFC 7230 token such as "X-Custom"',
    ],
    [
      'a non-string name in a Map',
      new Map([[7, '1']]),
      'INVALID_HEADER_NAME',
      'Header name 7 is a number; header names are strings',
    ],
    [
      'a pair that is not a pair',
      [['X-A', '1'], ['X-B']],
      'INVALID_HEADER_NAME',
      "Header pair at index 1 is not a [name, value] pair; pass [['X-Name', 'value'], ...]",
    ],
    [
      'CR LF',
      { 'X-Crlf': 'a\r\nX-Injected: 1' },
      'INVALID_HEADER_VALUE',
      `Header "X-Crlf" has the invalid character U+000D at index 1 of its value; ${VALUE_RULE}`,
    ],
    [
      'LF alone',
      { 'X-Lf': 'a\nb' },
      'INVALID_HEADER_VALUE',
      `Header "X-Lf" has the invalid character U+000A at index 1 of its value; ${VALUE_RULE}`,
    ],
    [
      'NUL',
      { 'X-Nul': 'a\u0000' },
      'INVALID_HEADER_VALUE',
      `Header "X-Nul" has the invalid character U+0000 at index 1 of its value; ${VALUE_RULE}`,
    ],
    [
      'DEL',
      { 'X-Del': '\u007f' },
      'INVALID_HEADER_VALUE',
      `Header "X-Del" has the invalid character U+007F at index 0 of its value; ${VALUE_RULE}`,
    ],
    [
      'above U+00FF',
      { 'X-Jp': 'ok日本' },
      'INVALID_HEADER_VALUE',
      `Header "X-Jp" has the invalid character U+65E5 at index 2 of its value; ${VALUE_RULE}`,
    ],
    [
      'an emoji',
      { 'X-Emoji': '🔑' },
      'INVALID_HEADER_VALUE',
      `Header "X-Emoji" has the invalid character U+1F511 at index 0 of its value; ${VALUE_RULE}`,
    ],
    [
      'CR in an array item',
      { 'X-Multi': ['a', 'b\r'] },
      'INVALID_HEADER_VALUE',
      `Header "X-Multi" has the invalid character U+000D at index 4 of its value; ${VALUE_RULE}`,
    ],
    [
      'null',
      { 'X-Null': null },
      'INVALID_HEADER_VALUE',
      'Header "X-Null" has a value of type null; use a string, a finite number or an array of strings',
    ],
    [
      'NaN',
      { 'X-NaN': Number.NaN },
      'INVALID_HEADER_VALUE',
      'Header "X-NaN" has a value of type number (NaN); use a string, a finite number or an array of strings',
    ],
    [
      'a boolean',
      { 'X-Bool': true },
      'INVALID_HEADER_VALUE',
      'Header "X-Bool" has a value of type boolean; use a string, a finite number or an array of strings',
    ],
    [
      'an array with a number',
      { 'X-Arr': ['a', 1] },
      'INVALID_HEADER_VALUE',
      'Header "X-Arr" has a value of type array with a non-string item; use a string, a finite number or an array of strings',
    ],
    [
      'not an object',
      'X-A: 1',
      'INVALID_HEADER_VALUE',
      'Headers must be a record, Headers, Map or [name, value] pairs, got string',
    ],
    [
      'two spellings of a name',
      { 'X-Dup': '1', 'x-dup': '2' },
      'DUPLICATE_HEADER',
      'Header "x-dup" is given twice, as "X-Dup" and "x-dup" (names are case-insensitive); give it once, with an array value for several values',
    ],
    [
      'a repeated pair',
      [
        ['X-Dup', '1'],
        ['X-Dup', '2'],
      ],
      'DUPLICATE_HEADER',
      'Header "X-Dup" is given twice; give it once, with an array value for several values',
    ],
    [
      'Sec-WebSocket-Protocol',
      { 'Sec-WebSocket-Protocol': 'chat' },
      'RESERVED_HEADER',
      'Header "Sec-WebSocket-Protocol" is reserved: pass subprotocols with the "protocols" option',
    ],
    [
      'Sec-WebSocket-Key',
      { 'sec-websocket-key': 'x' },
      'RESERVED_HEADER',
      'Header "sec-websocket-key" is reserved: the client generates it for every handshake',
    ],
    [
      'Sec-WebSocket-Version',
      { 'Sec-WebSocket-Version': '8' },
      'RESERVED_HEADER',
      'Header "Sec-WebSocket-Version" is reserved: the client always sends 13',
    ],
    [
      'Sec-WebSocket-Accept',
      { 'Sec-WebSocket-Accept': 'x' },
      'RESERVED_HEADER',
      'Header "Sec-WebSocket-Accept" is reserved: it is a response header',
    ],
    [
      'Sec-WebSocket-Extensions',
      { 'Sec-WebSocket-Extensions': 'x' },
      'RESERVED_HEADER',
      'Header "Sec-WebSocket-Extensions" is reserved: the client negotiates extensions; configure them through "native" (ws: perMessageDeflate)',
    ],
    [
      'Upgrade',
      { Upgrade: 'h2c' },
      'RESERVED_HEADER',
      'Header "Upgrade" is reserved: the client sends "Upgrade: websocket"',
    ],
    [
      'Connection',
      { Connection: 'keep-alive' },
      'RESERVED_HEADER',
      'Header "Connection" is reserved: the client sends "Connection: Upgrade"',
    ],
    [
      'Host',
      { Host: 'example.com:1234' },
      'RESERVED_HEADER',
      'Header "Host" is reserved: put the host in the URL',
    ],
    [
      'Content-Length',
      { 'Content-Length': '0' },
      'RESERVED_HEADER',
      'Header "Content-Length" is reserved: a handshake has no body',
    ],
    [
      'Transfer-Encoding',
      { 'Transfer-Encoding': 'chunked' },
      'RESERVED_HEADER',
      'Header "Transfer-Encoding" is reserved: a handshake has no body',
    ],
    [
      'Keep-Alive',
      { 'Keep-Alive': 'timeout=5' },
      'RESERVED_HEADER',
      'Header "Keep-Alive" is reserved: the connection becomes the WebSocket',
    ],
    [
      'Expect',
      { Expect: '100-continue' },
      'RESERVED_HEADER',
      'Header "Expect" is reserved: a handshake has no body',
    ],
    ['TE', { TE: 'trailers' }, 'RESERVED_HEADER', 'Header "TE" is reserved: a handshake has no body'],
    ['Trailer', { Trailer: 'x' }, 'RESERVED_HEADER', 'Header "Trailer" is reserved: a handshake has no body'],
    [
      'Proxy-Connection',
      { 'Proxy-Connection': 'keep-alive' },
      'RESERVED_HEADER',
      'Header "Proxy-Connection" is reserved: the client manages the connection',
    ],
  ])('%s', (_name, init, code, message) => {
    expect(failure(init)).toEqual({ code, message });
  });
});

describe('normalizeHeaders: the checked-name memo never changes an answer', () => {
  test('a name is remembered only after it passed: a refused name is refused again', () => {
    for (let round = 0; round < 3; round++) {
      expect(failure({ 'X Bad': '1' })).toEqual({
        code: 'INVALID_HEADER_NAME',
        message:
          'Header name "X Bad" has the invalid character U+0020 at index 1; a header name is an RFC 7230 token (letters, digits and !#$%&\'*+-.^_`|~)',
      });
      expect(failure({ Upgrade: 'x' })?.code).toBe('RESERVED_HEADER');
    }
  });

  test('a remembered name still has its value checked, and still counts for duplicates', () => {
    expect(normalizeHeaders({ 'X-Memo': 'ok' })).toEqual([['X-Memo', 'ok']]);
    expect(failure({ 'X-Memo': 'a\r\nb' })?.code).toBe('INVALID_HEADER_VALUE');
    expect(
      failure([
        ['X-Memo', '1'],
        ['x-memo', '2'],
      ]),
    ).toEqual({
      code: 'DUPLICATE_HEADER',
      message:
        'Header "x-memo" is given twice, as "X-Memo" and "x-memo" (names are case-insensitive); give it once, with an array value for several values',
    });
  });

  test('property: over many distinct names (more than the memo holds), the pairs equal a check of each name alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ minLength: 0, maxLength: 6 }), fc.string({ maxLength: 4 })), {
          maxLength: 6,
        }),
        (pairs) => {
          const together = failure(pairs);
          if (together !== undefined) return;
          // Accepted together: every pair is accepted alone, with the same value.
          const result = normalizeHeaders(pairs);
          for (const [name, value] of result) {
            expect(normalizeHeaders([[name, value]])).toEqual([[name, value]]);
          }
        },
      ),
      { numRuns: 400 },
    );
    // After the memo filled and started over, a name refused before is still refused.
    expect(failure({ 'X Bad': '1' })?.code).toBe('INVALID_HEADER_NAME');
  });
});
