import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  keepInvalidEntries,
  propertyRuns,
  propertyTimeout,
  reportRuns,
  strictRefuses,
  trickyQuery,
  urlKeepsQuery,
  whatwgEntries,
} from './_query-arbitraries.js';
import { QueryParamsError } from './errors.js';
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
    expect(whatwgEntries(query)).toEqual(entries); // the table is what the URL Standard says
    expect([...parseQuery('?' + query)]).toEqual(entries);
    expect([...parseQuery(query)]).toEqual(entries); // no row starts with '?', '/' or a scheme
  });

  test('matches new URL().searchParams on arbitrary tricky strings', { timeout: propertyTimeout }, () => {
    let runs = 0;
    fc.assert(
      fc.property(trickyQuery.filter(urlKeepsQuery), (query) => {
        runs++;
        expect([...parseQuery('?' + query, { maxParams: Infinity, maxLength: Infinity })]).toEqual(
          whatwgEntries(query),
        );
      }),
      { numRuns: propertyRuns },
    );
    expect(runs).toBe(propertyRuns);
    reportRuns('whatwg differential', runs);
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
