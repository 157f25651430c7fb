import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type InputShape,
  keepInvalidEntries,
  oracleEntries,
  propertyRuns,
  propertyTimeout,
  reportRuns,
  shapedInput,
  shapeOf,
  strictRefuses,
  trickyQuery,
} from './_test/query-arbitraries.js';
import { QueryParamsError } from './errors.js';
import type { QueryInput } from './input.js';
import { parseQuery, tryParseQuery } from './parse.js';

const FFFD = '\ufffd';
const long = 'x'.repeat(40); // pushes a row past 32 characters, onto the indexOf scan

// [name, query, entries the URL Standard gives]
const tricky: [string, string, [string, string][]][] = [
  ['empty', '', []],
  [
    'plain pairs',
    'a=1&b=2',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  ['plus is a space', 'a+b=c+d', [['a b', 'c d']]],
  ['escaped plus stays', 'a=%2B', [['a', '+']]],
  [
    'escaped separators',
    '%26=%3D&%25',
    [
      ['&', '='],
      ['%', ''],
    ],
  ],
  ['empty segments', '&&a&&', [['a', '']]],
  ['empty name', '=x', [['', 'x']]],
  ['only equals', '=', [['', '']]],
  ['second equals is data', 'a=b=c', [['a', 'b=c']]],
  ['no equals', 'flag', [['flag', '']]],
  [
    'duplicates in order',
    'a=1&b=2&a=3',
    [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ],
  ],
  [
    'integer-like names keep order',
    'b=1&2=x&1=y',
    [
      ['b', '1'],
      ['2', 'x'],
      ['1', 'y'],
    ],
  ],
  [
    'prototype names are data',
    '__proto__=1&constructor=2&toString=3',
    [
      ['__proto__', '1'],
      ['constructor', '2'],
      ['toString', '3'],
    ],
  ],
  ['lone percent', 'a=%', [['a', '%']]],
  ['truncated escape', 'a=%4', [['a', '%4']]],
  ['non-hex escape', 'a=%zz%41', [['a', '%zzA']]],
  ['lowercase hex', 'a=%c3%a9', [['a', 'é']]],
  ['two-byte UTF-8', 'a=%C3%A9', [['a', 'é']]],
  ['four-byte UTF-8', 'a=%F0%9F%98%80', [['a', '😀']]],
  ['invalid continuation', 'a=%C3%28', [['a', FFFD + '(']]],
  ['stray continuation', 'a=%80%BF', [['a', FFFD + FFFD]]],
  ['overlong slash', 'a=%C0%AF', [['a', FFFD + FFFD]]],
  ['overlong three bytes', 'a=%E0%80%AF', [['a', FFFD + FFFD + FFFD]]],
  ['encoded surrogate', 'a=%ED%A0%80', [['a', FFFD + FFFD + FFFD]]],
  ['above U+10FFFF', 'a=%F4%90%80%80', [['a', FFFD + FFFD + FFFD + FFFD]]],
  ['invalid lead bytes', 'a=%FF%FE', [['a', FFFD + FFFD]]],
  ['truncated at the end', 'a=%F0%9F%98', [['a', FFFD]]],
  ['truncated before a literal', 'a=%E4%B8x', [['a', FFFD + 'x']]],
  ['truncated before raw non-ASCII', 'a=%E4%B8中', [['a', FFFD + '中']]],
  ['raw non-ASCII beside a bad escape', 'a=中%zz%41', [['a', '中%zzA']]],
  ['raw non-ASCII', 'é=ÿĀ中😀', [['é', 'ÿĀ中😀']]],
  ['lone high surrogate', 'a=\ud800', [['a', FFFD]]],
  ['lone low surrogate', '\udc00=b', [[FFFD, 'b']]],
  ['reversed pair', 'a=\udc00\ud800', [['a', FFFD + FFFD]]],
  ['surrogate pair split by =', '\ud83d=\ude00', [[FFFD, FFFD]]],
  ['byte order mark kept', 'a=%EF%BB%BFb', [['a', '\ufeffb']]],
  ['escape of a NUL', 'a=%00', [['a', '\u0000']]],
  ['hash ends the query', 'a=1#b=2', [['a', '1']]],
  ['escaped hash', 'a=%23', [['a', '#']]],
  [
    'question marks are data',
    'a=?&?b',
    [
      ['a', '?'],
      ['?b', ''],
    ],
  ],
  [
    'long plain',
    `t=${long}&r=g`,
    [
      ['t', long],
      ['r', 'g'],
    ],
  ],
  [
    'long mixed',
    `${long}=a+%41&b%C3%A9=%C3%28&%=${long}%`,
    [
      [long, 'a A'],
      ['bé', FFFD + '('],
      ['%', long + '%'],
    ],
  ],
  [
    'long with a lone surrogate',
    `a=${long}&b=\ud800&c=%41`,
    [
      ['a', long],
      ['b', FFFD],
      ['c', 'A'],
    ],
  ],
  [
    'long, equals only in a later segment',
    `${long}&b=1`,
    [
      [long, ''],
      ['b', '1'],
    ],
  ],
  [
    'long, percent in the name only',
    `%41${long}=b&c=d`,
    [
      ['A' + long, 'b'],
      ['c', 'd'],
    ],
  ],
  ['long, plus in the name only', `a+${long}=b%20`, [['a ' + long, 'b ']]],
];

describe('decoding: whatwg (default)', () => {
  test.each(tricky)('%s: %j', (_name, query, entries) => {
    // The table is what the URL Standard says, through both of its doors.
    expect([...new URL('http://h/?' + query).searchParams]).toEqual(entries);
    expect(oracleEntries(query)).toEqual(entries);
    expect(oracleEntries('?' + query)).toEqual(entries);
    expect([...parseQuery('?' + query)]).toEqual(entries);
    expect([...parseQuery(query)]).toEqual(entries); // no row starts with '?', '/' or a scheme
    expect([...parseQuery('/ws?' + query)]).toEqual(entries);
    expect([...parseQuery('wss://h/ws?' + query)]).toEqual(entries);
  });
});

const unlimited = { maxParams: Infinity, maxLength: Infinity } as const;

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

// [name, input, the shape it has, entries of its WHATWG oracle]
const whitespace: [string, string, InputShape, [string, string][]][] = [
  ['tab in a URL value is removed', 'ws://h/p?a=b\tc', 'url', [['a', 'bc']]],
  ['trailing space after a URL is trimmed', 'ws://h/p?a=1 ', 'url', [['a', '1']]],
  ['LF inside a name is removed', '/ws?na\nme=1', 'target', [['name', '1']]],
  [
    'CR before an & is removed',
    '/ws?a=1\r&b=2',
    'target',
    [
      ['a', '1'],
      ['b', '2'],
    ],
  ],
  ['CRLF ending a target is trimmed', '/ws?a=1\r\n', 'target', [['a', '1']]],
  ['spaces around a target are trimmed', '  /ws?a=1  ', 'target', [['a', '1']]],
  ['C0 controls around a URL are trimmed', '\u0000\u001fws://h/?a=1\u0001 ', 'url', [['a', '1']]],
  ['tab and LF inside the scheme and //', 'w\ts:/\n/h/?a=1', 'url', [['a', '1']]],
  ['tab before the ?', '/w\ts?a=1', 'target', [['a', '1']]],
  ['tab right after the ?', '/ws?\ta=1', 'target', [['a', '1']]],
  ['a space inside is kept', '/ws?a=1 2', 'target', [['a', '1 2']]],
  ['a space before the fragment is kept', '/ws?a=1 #f ', 'target', [['a', '1 ']]],
  ['a tab in the fragment changes nothing', '/ws?a=1#\t', 'target', [['a', '1']]],
  ['an escaped tab is data', '/ws?a=%09', 'target', [['a', '\t']]],
  ['only spaces after the ?', '/ws?  ', 'target', []],
  [
    'a segment of only a tab vanishes',
    '/ws?a&\t&b',
    'target',
    [
      ['a', ''],
      ['b', ''],
    ],
  ],
  [
    'long target with a tab and a trailing space',
    `/ws?t=${long}\t&r=g `,
    'target',
    [
      ['t', long],
      ['r', 'g'],
    ],
  ],
  ['a bare query keeps a trailing space', 'a=1 ', 'query', [['a', '1 ']]],
  ['a bare query keeps a tab', 'a=b\tc', 'query', [['a', 'b\tc']]],
  ['a bare query keeps a leading LF', '\na=1', 'query', [['\na', '1']]],
  ['a ? query keeps a trailing space', '?a=1 ', 'query', [['a', '1 ']]],
  ['a ? query keeps a CR', '?a=1\r', 'query', [['a', '1\r']]],
  ['a space then ? is a bare query', ' ?a=1', 'query', [[' ?a', '1']]],
  ['only whitespace is a bare query', ' \t', 'query', [[' \t', '']]],
];

describe('each input shape equals its WHATWG oracle, tabs, newlines and spaces included', () => {
  test.each(whitespace)('%s: %j', (_name, input, shape, entries) => {
    expect(shapeOf(input)).toBe(shape);
    expect(oracleEntries(input)).toEqual(entries); // the table is what the URL Standard says
    if (shape === 'query') expect([...new URLSearchParams(input)]).toEqual(entries);
    else expect([...new URL(input, 'http://h').searchParams]).toEqual(entries);
    expect([...parseQuery(input)]).toEqual(entries);
    expect([...parseQuery({ url: input })]).toEqual(entries);
  });

  test.each([['a target, a URL and a query', '/a?x=1', 'https://h/?x=1', 'x=1']])(
    'the oracle classifies %s',
    (_name, target, url, query) => {
      expect([shapeOf(target), shapeOf(url), shapeOf(query)]).toEqual(['target', 'url', 'query']);
    },
  );

  test.each(Object.entries(shapedInput))('%s strings', { timeout: propertyTimeout }, (shape, input) => {
    let runs = 0;
    fc.assert(
      fc.property(input, (text) => {
        runs++;
        const expected = oracleEntries(text);
        if (shape === 'target' || shape === 'url') {
          expect(shapeOf(text)).toBe(shape);
          expect(expected).not.toBeNull();
        }
        if (shape === 'question') expect(shapeOf(text)).toBe('query');
        if (shapeOf(text) === 'query' && ascii(text)) {
          // Node's own URLSearchParams strips nothing either (on ASCII text, where it has no known bug).
          const hash = text.indexOf('#');
          expect([...new URLSearchParams(hash < 0 ? text : text.slice(0, hash))]).toEqual(expected);
        }
        expect([...parseQuery(text, unlimited)]).toEqual(expected ?? [...parseQuery(text, unlimited)]);
        expect([...parseQuery({ url: text }, unlimited)]).toEqual([...parseQuery(text, unlimited)]);
      }),
      { numRuns: propertyRuns },
    );
    expect(runs).toBe(propertyRuns);
    reportRuns(`whatwg differential, ${shape} strings`, runs);
  });

  test('the target oracle: reading //host as a path gives the query new URL(target, base) gives', {
    timeout: propertyTimeout,
  }, () => {
    let compared = 0;
    fc.assert(
      fc.property(shapedInput.target, (text) => {
        if (!URL.canParse(text, 'http://h')) return;
        compared++;
        expect([...new URL(`http://h/${text}`).searchParams]).toEqual([
          ...new URL(text, 'http://h').searchParams,
        ]);
      }),
      { numRuns: Math.min(propertyRuns, 5000) },
    );
    expect(compared).toBeGreaterThan(0);
  });

  test('URL objects: exactly url.searchParams', { timeout: propertyTimeout }, () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.oneof(shapedInput.target, shapedInput.url), (text) => {
        const url = URL.canParse(text, 'http://h') ? new URL(text, 'http://h') : new URL(`http://h/${text}`);
        runs++;
        expect([...parseQuery(url, unlimited)]).toEqual([...url.searchParams]);
      }),
      { numRuns: propertyRuns },
    );
    expect(runs).toBe(propertyRuns);
  });

  test('URLSearchParams objects: exactly their entries', { timeout: propertyTimeout }, () => {
    fc.assert(
      fc.property(fc.oneof(shapedInput.bare, shapedInput.question), (text) => {
        const params = new URLSearchParams(text);
        expect([...parseQuery(params, unlimited)]).toEqual([...params]);
      }),
      { numRuns: propertyRuns },
    );
  });

  test.each<[string, QueryInput]>([
    ['a URL built from a tab and a trailing space', new URL('ws://h/p?a=b\tc ')],
    ['a URL whose search was set with a space', Object.assign(new URL('ws://h/p'), { search: '?a=1 ' })],
    ['URLSearchParams with a tab and spaces', new URLSearchParams(' a\t= 1 ')],
    ['a fetch Request with a tab', new Request('http://h/p?a=\t1 ')],
  ])('%s', (_name, input) => {
    const reference =
      input instanceof URLSearchParams
        ? input
        : input instanceof URL
          ? input.searchParams
          : new URL((input as Request).url).searchParams;
    expect([...parseQuery(input)]).toEqual([...reference]);
  });
});

describe('decoding: keep-invalid', () => {
  test.each([
    ['bad escape keeps the whole value', 'a=%zz%41', [['a', '%zz%41']]],
    ['invalid UTF-8 keeps the value', 'a=%C3%28', [['a', '%C3%28']]],
    ['plus is still a space', 'a+b=%zz+c', [['a b', '%zz c']]],
    [
      'valid parts decode',
      'a=%C3%A9&b=%E4%B8',
      [
        ['a', 'é'],
        ['b', '%E4%B8'],
      ],
    ],
    ['lone surrogate passes through', 'a=\ud800%41', [['a', '\ud800A']]],
    ['bad name, good value', '%=%41', [['%', 'A']]],
  ])('%s: %j', (_name, query, entries) => {
    expect(keepInvalidEntries(query)).toEqual(entries);
    expect([...parseQuery(query, { decoding: 'keep-invalid' })]).toEqual(entries);
  });

  test('matches + to space then decodeURIComponent, raw on failure (qs)', {
    timeout: propertyTimeout,
  }, () => {
    let runs = 0;
    fc.assert(
      fc.property(trickyQuery, (query) => {
        runs++;
        const options = { decoding: 'keep-invalid', maxParams: Infinity } as const;
        expect([...parseQuery('?' + query, options)]).toEqual(keepInvalidEntries(query));
      }),
      { numRuns: propertyRuns },
    );
    reportRuns('keep-invalid differential', runs);
  });
});

describe('decoding: strict', () => {
  test('refuses exactly what decodeURIComponent refuses, plus lone surrogates', {
    timeout: propertyTimeout,
  }, () => {
    let runs = 0;
    fc.assert(
      fc.property(trickyQuery, (query) => {
        runs++;
        const result = tryParseQuery('?' + query, { decoding: 'strict', maxParams: Infinity });
        if (strictRefuses(query)) {
          expect(result.ok).toBe(false);
          expect(!result.ok && result.error).toBeInstanceOf(QueryParamsError);
          expect(!result.ok && result.error.code).toBe('INVALID_ENCODING');
        } else {
          expect(result.ok && [...result.value]).toEqual(keepInvalidEntries(query));
        }
      }),
      { numRuns: propertyRuns },
    );
    reportRuns('strict differential', runs);
  });
});
