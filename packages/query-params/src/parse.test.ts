import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { propertyRuns } from './_test/query-arbitraries.js';
import { QueryParamsError } from './errors.js';
import type { QueryInput } from './input.js';
import type { QueryOptions } from './options.js';
import { isWellFormedScan, parseQuery, tryParseQuery } from './parse.js';

const FFFD = '\ufffd';
const long = 'x'.repeat(40); // a query past 32 characters takes the indexOf scan

function entries(input: QueryInput, options?: QueryOptions): [string, string][] {
  return [...parseQuery(input, options)];
}

function thrown(run: () => unknown): QueryParamsError {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryParamsError) return error;
    throw error;
  }
  throw new Error('expected a QueryParamsError, nothing was thrown');
}

describe('input rules', () => {
  test.each<[string, string, [string, string][]]>([
    ['request target', '/ws?x=1', [['x', '1']]],
    ['//host-looking path is a path', '//evil.com/x?a=1', [['a', '1']]],
    ['target without query', '/ws', []],
    ['target with a hash before the ?', '/ws#x?y=1', []],
    ['hash ends a target query', '/ws?x=1#y=2', [['x', '1']]],
    ['second ? is data', '/ws?x=1?y=2', [['x', '1?y=2']]],
    ['root target', '/', []],
    ['absolute URL', 'ws://h:1/p?x=1#f', [['x', '1']]],
    ['absolute URL with userinfo', 'https://user:pw@h/p?x=1', [['x', '1']]],
    ['absolute URL, fragment before ?', 'http://h/p#f?x=1', []],
    ['absolute URL without path', 'wss://h?x=1', [['x', '1']]],
    ['scheme with + - .', 'a+b.c-d://h/?x=1', [['x', '1']]],
    ['leading ? dropped', '?x=1', [['x', '1']]],
    ['only one leading ? dropped', '??x=1', [['?x', '1']]],
    [
      'bare query',
      'x=1&y=2',
      [
        ['x', '1'],
        ['y', '2'],
      ],
    ],
    ['bare query with hash', 'x=1#y=2', [['x', '1']]],
    ['scheme without // is a bare query', 'mailto:a?b=c', [['mailto:a?b', 'c']]],
    ['URL in a value is data', 'next=http://h/?x', [['next', 'http://h/?x']]],
    ['empty string', '', []],
    ['only a fragment', '#a=1', []],
    [
      'long target',
      `/ws?t=${long}&r=g#f`,
      [
        ['t', long],
        ['r', 'g'],
      ],
    ],
  ])('%s: %j', (_name, input, expected) => {
    expect(entries(input)).toEqual(expected);
  });

  test.each<[string, QueryInput, [string, string][]]>([
    [
      'URL',
      new URL('ws://h/p?x=1&y=%C3%A9#f'),
      [
        ['x', '1'],
        ['y', 'é'],
      ],
    ],
    ['URL without query', new URL('ws://h/p'), []],
    [
      'URLSearchParams',
      new URLSearchParams([
        ['a b', 'c&d'],
        ['é', '#'],
      ]),
      [
        ['a b', 'c&d'],
        ['é', '#'],
      ],
    ],
    [
      'URLSearchParams with a lone surrogate (already U+FFFD)',
      new URLSearchParams([['a', '\ud800']]),
      [['a', FFFD]],
    ],
    ['IncomingMessage-like', { url: '/ws?token=abc', headers: {} } as QueryInput, [['token', 'abc']]],
    [
      'fetch Request',
      new Request('http://h/p?x=1&x=2'),
      [
        ['x', '1'],
        ['x', '2'],
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(entries(input)).toEqual(expected);
  });

  test.each<[string, unknown, string]>([
    ['a number', 42, 'got number'],
    ['null', null, 'got null'],
    ['undefined', undefined, 'got undefined'],
    ['an array', ['/ws?x=1'], 'got an array'],
    ['an object without url', {}, 'got an object whose url is undefined'],
    ['an object with a numeric url', { url: 5 }, 'got an object whose url is number'],
    ['an object with a null url', { url: null }, 'got an object whose url is null'],
  ])('INVALID_INPUT for %s', (_name, input, got) => {
    const message =
      'parseQuery expects a string, URL, URLSearchParams or an object with a url string (an IncomingMessage), ' +
      `${got}.`;
    const error = thrown(() => parseQuery(input as QueryInput));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(message);
    const result = tryParseQuery(input as QueryInput);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe(message);
  });
});

describe('options', () => {
  const limit = 'a non-negative integer or Infinity';
  test.each<[string, unknown, string]>([
    ['negative maxParams', { maxParams: -1 }, `options.maxParams must be ${limit}, got -1.`],
    ['fractional maxParams', { maxParams: 1.5 }, `options.maxParams must be ${limit}, got 1.5.`],
    ['string maxParams', { maxParams: '10' }, `options.maxParams must be ${limit}, got "10".`],
    ['-Infinity maxParams', { maxParams: -Infinity }, `options.maxParams must be ${limit}, got -Infinity.`],
    ['null maxParams', { maxParams: null }, `options.maxParams must be ${limit}, got null.`],
    ['NaN maxLength', { maxLength: Number.NaN }, `options.maxLength must be ${limit}, got NaN.`],
    ['string maxLength', { maxLength: '10' }, `options.maxLength must be ${limit}, got "10".`],
    ['bigint maxLength', { maxLength: 10n }, `options.maxLength must be ${limit}, got 10n.`],
    ['array maxLength', { maxLength: [10] }, `options.maxLength must be ${limit}, got an array.`],
    ['unknown onLimit', { onLimit: 'drop' }, `options.onLimit must be 'throw' or 'truncate', got "drop".`],
    ['boolean onLimit', { onLimit: true }, `options.onLimit must be 'throw' or 'truncate', got true.`],
    [
      'unknown decoding',
      { decoding: 'latin1' },
      `options.decoding must be 'whatwg', 'keep-invalid' or 'strict', got "latin1".`,
    ],
    [
      'object decoding',
      { decoding: { mode: 'strict' } },
      `options.decoding must be 'whatwg', 'keep-invalid' or 'strict', got an object.`,
    ],
    [
      'function decoding',
      { decoding: () => 'strict' },
      `options.decoding must be 'whatwg', 'keep-invalid' or 'strict', got a function.`,
    ],
    ['null options', null, 'options must be an object or undefined, got null.'],
    ['numeric options', 5, 'options must be an object or undefined, got 5.'],
    ['string options', 'strict', 'options must be an object or undefined, got "strict".'],
    ['array options', [], 'options must be an object or undefined, got an array.'],
  ])('INVALID_OPTION for %s', (_name, options, message) => {
    const error = thrown(() => parseQuery('a=1', options as QueryOptions));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(`parseQuery: ${message}`);
    const result = tryParseQuery('a=1', options as QueryOptions);
    expect(!result.ok && [result.error.code, result.error.message]).toEqual([error.code, error.message]);
  });

  test('a bad option wins over a bad input: the call is wrong before the input is read', () => {
    expect(thrown(() => parseQuery(5 as unknown as QueryInput, { maxParams: -1 })).code).toBe(
      'INVALID_OPTION',
    );
  });

  test('an options object is read once per call, nothing is cached: a change applies to the next call', () => {
    const options: QueryOptions = { maxParams: 1, onLimit: 'truncate' };
    expect(entries('a&b', options)).toEqual([['a', '']]);
    options.maxParams = 2;
    expect(entries('a&b', options)).toEqual([
      ['a', ''],
      ['b', ''],
    ]);
    options.onLimit = 'throw';
    options.maxParams = 1;
    expect(thrown(() => parseQuery('a&b', options)).code).toBe('TOO_MANY_PARAMS');
    options.decoding = 'strict';
    expect(thrown(() => parseQuery('a=%zz', options)).code).toBe('INVALID_ENCODING');
  });

  test('each option is read exactly once per call, so a getter cannot half-apply', () => {
    const reads: string[] = [];
    const options = {} as QueryOptions;
    for (const [name, value] of Object.entries({
      maxParams: 1,
      maxLength: 9,
      onLimit: 'truncate',
      decoding: 'strict',
    })) {
      Object.defineProperty(options, name, {
        get: () => {
          reads.push(name);
          return value;
        },
      });
    }
    expect(entries('a=%41&b', options)).toEqual([['a', 'A']]);
    expect(reads.sort()).toEqual(['decoding', 'maxLength', 'maxParams', 'onLimit']);
  });

  test('explicit undefined fields take the defaults', () => {
    const options = { maxParams: undefined, maxLength: undefined, onLimit: undefined, decoding: undefined };
    expect(entries('a=%zz', options)).toEqual([['a', '%zz']]);
  });

  test('Infinity lifts a limit', () => {
    const query = Array.from({ length: 1500 }, (_, i) => `p${i}`).join('&');
    expect(parseQuery(query, { maxParams: Infinity, maxLength: Infinity }).size).toBe(1500);
  });
});

describe('limits', () => {
  const manyParams = Array.from({ length: 1001 }, (_, i) => `p${i}=${i}`).join('&');

  test.each<[string, QueryInput, QueryOptions, string]>([
    ['short query', 'a=1&b=2', { maxLength: 6 }, 'Query is 7 characters long, more than maxLength (6).'],
    ['one character', 'a', { maxLength: 0 }, 'Query is 1 character long, more than maxLength (0).'],
    [
      'target: only the query counts',
      '/ws?a=1&b=2#frag',
      { maxLength: 6 },
      'Query is 7 characters long, more than maxLength (6).',
    ],
    [
      'default 16384',
      `a=${'x'.repeat(16383)}`,
      {},
      'Query is 16385 characters long, more than maxLength (16384).',
    ],
  ])('TOO_LONG: %s', (_name, input, options, message) => {
    const error = thrown(() => parseQuery(input, options));
    expect(error.code).toBe('TOO_LONG');
    expect(error.message).toBe(`${message} Raise maxLength or set onLimit: 'truncate'.`);
  });

  test.each<[string, QueryInput, QueryOptions, string]>([
    ['short query', 'a&b&c', { maxParams: 2 }, 'Query has 3 parameters, more than maxParams (2).'],
    ['zero allowed', 'a', { maxParams: 0 }, 'Query has 1 parameter, more than maxParams (0).'],
    [
      'counts all, not just the first extra',
      `a&b&c&d&e&${long}`,
      { maxParams: 2 },
      'Query has 6 parameters, more than maxParams (2).',
    ],
    ['default 1000', manyParams, {}, 'Query has 1001 parameters, more than maxParams (1000).'],
  ])('TOO_MANY_PARAMS: %s', (_name, input, options, message) => {
    const error = thrown(() => parseQuery(input, options));
    expect(error.code).toBe('TOO_MANY_PARAMS');
    expect(error.message).toBe(`${message} Raise maxParams or set onLimit: 'truncate'.`);
  });

  test.each<[string, string, QueryOptions]>([
    ['exactly maxLength', 'a=1&b=2', { maxLength: 7 }],
    ['fragment does not count', 'a=1#xxxxxxxx', { maxLength: 3 }],
    ['exactly maxParams', 'a&b', { maxParams: 2 }],
    ['empty segments do not count', '&&a&&b&&', { maxParams: 2 }],
    ['exactly maxParams, long', `a&b&${long}&&`, { maxParams: 3 }],
  ])('within the limit: %s', (_name, input, options) => {
    const params = parseQuery(input, options);
    expect(params.truncated).toBe(false);
  });

  test.each<[string, string, QueryOptions, [string, string][], boolean]>([
    [
      'maxParams keeps the first',
      'a=1&b=2&c=3',
      { maxParams: 2 },
      [
        ['a', '1'],
        ['b', '2'],
      ],
      true,
    ],
    [
      'maxParams, long',
      `a=1&b=2&c=${long}`,
      { maxParams: 2 },
      [
        ['a', '1'],
        ['b', '2'],
      ],
      true,
    ],
    ['maxParams 0', 'a=1', { maxParams: 0 }, [], true],
    [
      'maxParams not reached',
      'a=1&b=2',
      { maxParams: 2 },
      [
        ['a', '1'],
        ['b', '2'],
      ],
      false,
    ],
    [
      'only empty segments after the limit',
      'a&b&&&',
      { maxParams: 2 },
      [
        ['a', ''],
        ['b', ''],
      ],
      false,
    ],
    ['maxLength drops a cut parameter', 'a=1&b=22&c=3', { maxLength: 7 }, [['a', '1']], true],
    [
      'maxLength at a boundary',
      'a=1&b=22&c=3',
      { maxLength: 8 },
      [
        ['a', '1'],
        ['b', '22'],
      ],
      true,
    ],
    ['maxLength inside the first parameter', 'abc=1&d=2', { maxLength: 2 }, [], true],
    ['maxLength on a target', '/a&b?x=1&y=2', { maxLength: 4 }, [['x', '1']], true],
    [
      'maxLength then maxParams',
      `a&b&c&${long}`,
      { maxLength: 10, maxParams: 2 },
      [
        ['a', ''],
        ['b', ''],
      ],
      true,
    ],
  ])('onLimit truncate: %s', (_name, input, options, expected, truncated) => {
    const params = parseQuery(input, { ...options, onLimit: 'truncate' });
    expect([...params]).toEqual(expected);
    expect(params.truncated).toBe(truncated);
  });

  test('a malformed escape past the cut is never read', () => {
    const options = { maxLength: 3, onLimit: 'truncate', decoding: 'strict' } as const;
    expect(entries('a=1&b=%zz', options)).toEqual([['a', '1']]);
  });
});

describe('limits count the query the URL parser sees: after tabs and newlines are removed', () => {
  test.each<[string, QueryInput, QueryOptions, [string, string][]]>([
    ['removed tabs do not count toward maxLength', '/ws?a=1\t\t\t', { maxLength: 3 }, [['a', '1']]],
    ['a trimmed end does not count toward maxLength', 'ws://h/?a=1 \r\n', { maxLength: 3 }, [['a', '1']]],
    ['a segment of only a tab is no parameter', '/ws?a&\t', { maxParams: 1 }, [['a', '']]],
    [
      'truncate cuts the cleaned query',
      '/ws?a=1\t&b=2\t&c=3 ',
      { maxLength: 7, onLimit: 'truncate' },
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    [
      'truncate, long',
      `/ws?a=1\n&b=2&c=${long}\n`,
      { maxLength: 7, onLimit: 'truncate' },
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
  ])('%s', (_name, input, options, expected) => {
    expect(entries(input, options)).toEqual(expected);
  });

  test.each<[string, QueryInput, QueryOptions, string, string]>([
    ['a kept tab counts', '/ws?a=\t12', { maxLength: 3 }, 'TOO_LONG', 'Query is 4 characters long'],
    [
      'a bare query keeps its trailing space',
      'a=1 ',
      { maxLength: 3 },
      'TOO_LONG',
      'Query is 4 characters long',
    ],
    [
      'segments split by removed tabs',
      '/ws?a&b\t&c',
      { maxParams: 2 },
      'TOO_MANY_PARAMS',
      'Query has 3 parameters',
    ],
    [
      'strict: the offset is in the cleaned query, the name without its tab',
      '/ws?\ta=%zz',
      { decoding: 'strict' },
      'INVALID_ENCODING',
      'Invalid encoding in the value of parameter "a" at offset 2 of the query',
    ],
  ])('%s', (_name, input, options, code, message) => {
    const error = thrown(() => parseQuery(input, options));
    expect(error.code).toBe(code);
    expect(error.message.startsWith(message)).toBe(true);
  });

  test.each<[string, string, QueryOptions, [string, string][]]>([
    ['keep-invalid', '/ws?a=%zz\t1 ', { decoding: 'keep-invalid' }, [['a', '%zz1']]],
    ['strict', '/ws?a=%C3%A9\t1 ', { decoding: 'strict' }, [['a', 'é1']]],
  ])('the other decodings read the same cleaned query: %s', (_name, input, options, expected) => {
    expect(entries(input, options)).toEqual(expected);
  });

  test('tabs between two lone surrogates do not join them into a pair', () => {
    expect(entries('/ws?a=\ud83d\t\ude00')).toEqual([['a', FFFD + FFFD]]);
    expect(entries('/ws?a=\ud83d\t\ude00')).toEqual([
      ...new URL('/ws?a=\ud83d\t\ude00', 'http://h').searchParams,
    ]);
  });
});

describe('decoding: strict errors name the parameter and offset', () => {
  const fix = ". Fix the sender's encoding, or parse with decoding: 'whatwg' or 'keep-invalid'.";
  test.each<[string, string, string]>([
    [
      'bad escape',
      'a=%zz',
      'the value of parameter "a" at offset 2 of the query: "%zz" is not a percent escape (% must be followed by two hex digits)',
    ],
    [
      'lone % at the end',
      '/ws?tok=ab%',
      'the value of parameter "tok" at offset 6 of the query: "%" is not a percent escape (% must be followed by two hex digits)',
    ],
    [
      'invalid UTF-8',
      'a=%C3%28',
      'the value of parameter "a" at offset 2 of the query: "%C3%28" is not valid UTF-8',
    ],
    [
      'invalid lead byte in a name',
      'x=1&%FF=2',
      'the name of parameter "%FF" at offset 4 of the query: "%FF" is not valid UTF-8',
    ],
    [
      'truncated at the end',
      'a=%F0%9F%98',
      'the value of parameter "a" at offset 2 of the query: "%F0%9F%98" is not valid UTF-8',
    ],
    [
      'truncated before a literal',
      'a=%E4%B8x',
      'the value of parameter "a" at offset 2 of the query: "%E4%B8" is not valid UTF-8',
    ],
    [
      'decoded name shown',
      '%C3%A9=%C0%80',
      'the value of parameter "é" at offset 7 of the query: "%C0" is not valid UTF-8',
    ],
    [
      'lone surrogate',
      'a=b\ud800',
      'the value of parameter "a" at offset 3 of the query: U+D800 is a lone surrogate',
    ],
    [
      'long query',
      `t=${long}&b=%zz`,
      'the value of parameter "b" at offset 45 of the query: "%zz" is not a percent escape (% must be followed by two hex digits)',
    ],
    [
      'long name cut to 64 characters',
      `${'n'.repeat(70)}=%zz`,
      `the value of parameter "${'n'.repeat(64)}…" at offset 71 of the query: "%zz" is not a percent escape (% must be followed by two hex digits)`,
    ],
  ])('%s', (_name, input, where) => {
    const error = thrown(() => parseQuery(input, { decoding: 'strict' }));
    expect(error.code).toBe('INVALID_ENCODING');
    expect(error.message).toBe(`Invalid encoding in ${where}${fix}`);
  });

  test('well-formed input decodes', () => {
    expect(entries('a=%C3%A9+x&%F0%9F%98%80=%2B', { decoding: 'strict' })).toEqual([
      ['a', 'é x'],
      ['😀', '+'],
    ]);
  });
});

describe('tryParseQuery', () => {
  test('ok with the parameters', () => {
    const result = tryParseQuery('/ws?x=1');
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.get('x')).toBe('1');
  });

  test.each<[string, QueryInput, QueryOptions, string]>([
    ['TOO_LONG', 'a=1', { maxLength: 1 }, 'TOO_LONG'],
    ['TOO_MANY_PARAMS', 'a&b', { maxParams: 1 }, 'TOO_MANY_PARAMS'],
    ['INVALID_ENCODING', 'a=%', { decoding: 'strict' }, 'INVALID_ENCODING'],
    ['INVALID_INPUT', 7 as unknown as QueryInput, {}, 'INVALID_INPUT'],
    ['INVALID_OPTION', 'a=1', { maxParams: -1 }, 'INVALID_OPTION'],
  ])('not ok with the error parseQuery throws: %s', (_name, input, options, code) => {
    const result = tryParseQuery(input, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(QueryParamsError);
    expect(result.error.code).toBe(code);
    expect(result.error.message).toBe(thrown(() => parseQuery(input, options)).message);
  });
});

describe('the Node 18 fallback for String.prototype.isWellFormed', () => {
  const native = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

  test.each([['abc'], ['😀'], ['\ud800'], ['a\udc00'], ['\ude00\ud83d'], ['\ud83d\ude00\ud83d'], ['']])(
    '%j',
    (text) => {
      expect(isWellFormedScan(text)).toBe(native(text));
    },
  );

  test('agrees with the native check on any UTF-16 text', () => {
    const unit = fc.constantFrom('a', '\ud83d', '\ude00', '\ud800', '\udfff', '中');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        expect(isWellFormedScan(text)).toBe(native(text));
      }),
      { numRuns: Math.min(propertyRuns, 5000) },
    );
  });
});
