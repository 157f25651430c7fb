import { describe, expect, test } from 'vitest';
import {
  coversServer,
  type ExpectedFailure,
  exitCodeFor,
  findDeclaration,
  judge,
  summarize,
  type Verdict,
} from './status.js';

const declared: ExpectedFailure = {
  scenario: 'multi-protocol',
  reason: 'undici 5 offers one protocol',
  observed: 'TOO_MANY',
};

describe('judge', () => {
  test.each<{
    name: string;
    verdict: Verdict;
    declaration: ExpectedFailure | undefined;
    status: string;
    reason: string;
  }>([
    { name: 'pass', verdict: { ok: true }, declaration: undefined, status: 'pass', reason: '' },
    {
      name: 'pass keeps its note',
      verdict: { ok: true, note: 'via header' },
      declaration: undefined,
      status: 'pass',
      reason: 'via header',
    },
    {
      name: 'undeclared failure',
      verdict: { ok: false, reason: 'boom' },
      declaration: undefined,
      status: 'fail',
      reason: 'boom',
    },
    {
      name: 'declared failure that happens',
      verdict: { ok: false, reason: 'refused with TOO_MANY' },
      declaration: declared,
      status: 'expected-fail',
      reason: 'undici 5 offers one protocol [observed: refused with TOO_MANY]',
    },
    {
      name: 'declared failure that does not happen',
      verdict: { ok: true },
      declaration: declared,
      status: 'unexpected-pass',
      reason: 'declared to fail (undici 5 offers one protocol) but passed: remove the declaration',
    },
    {
      name: 'declared failure, but another failure happened',
      verdict: { ok: false, reason: 'timeout' },
      declaration: declared,
      status: 'fail',
      reason:
        'declared to fail with "TOO_MANY" (undici 5 offers one protocol), but failed otherwise: timeout',
    },
    {
      name: 'every listed failure must be the declared one',
      verdict: { ok: false, reason: 'a TOO_MANY; b died', failures: ['a TOO_MANY', 'b died'] },
      declaration: declared,
      status: 'fail',
      reason:
        'declared to fail with "TOO_MANY" (undici 5 offers one protocol), but failed otherwise: a TOO_MANY; b died',
    },
    {
      name: 'a declaration without observed accepts any failure',
      verdict: { ok: false, reason: 'anything' },
      declaration: { scenario: 'x', reason: 'cannot' },
      status: 'expected-fail',
      reason: 'cannot [observed: anything]',
    },
  ])('$name', ({ verdict, declaration, status, reason }) => {
    expect(judge(verdict, declaration)).toEqual({ status, reason });
  });
});

describe('declarations', () => {
  test.each([
    { servers: undefined, server: 'ws@2.3.1', covered: true },
    { servers: ['ws@2'], server: 'ws@2.3.1', covered: true },
    { servers: ['ws@2'], server: 'ws@8.23.0', covered: false },
    { servers: ['ws@8.23.0'], server: 'ws@8.23.0', covered: true },
    { servers: ['ws@2'], server: 'ws@20.1.0', covered: false },
  ])('$servers covers $server: $covered', ({ servers, server, covered }) => {
    const declaration: ExpectedFailure = {
      scenario: 's',
      reason: 'r',
      ...(servers === undefined ? {} : { servers }),
    };
    expect(coversServer(declaration, server)).toBe(covered);
  });

  test('findDeclaration picks the scenario and server', () => {
    const list: ExpectedFailure[] = [
      { scenario: 'a', reason: 'only ws 2', servers: ['ws@2'] },
      { scenario: 'b', reason: 'all' },
    ];
    expect(findDeclaration(list, 'a', 'ws@8.23.0')).toBeUndefined();
    expect(findDeclaration(list, 'a', 'ws@2.3.1')?.reason).toBe('only ws 2');
    expect(findDeclaration(list, 'b', 'ws@8.23.0')?.reason).toBe('all');
    expect(findDeclaration(list, 'c', 'ws@8.23.0')).toBeUndefined();
  });
});

describe('summary and exit code', () => {
  test('counts every status', () => {
    const statuses = [
      'pass',
      'pass',
      'fail',
      'expected-fail',
      'unexpected-pass',
      'skipped',
      'skipped',
    ] as const;
    expect(summarize(statuses.map((status) => ({ status })))).toEqual({
      pass: 2,
      fail: 1,
      expectedFail: 1,
      unexpectedPass: 1,
      skipped: 2,
    });
  });
  test.each([
    { summary: { pass: 3, fail: 0, expectedFail: 2, unexpectedPass: 0, skipped: 1 }, code: 0 },
    { summary: { pass: 3, fail: 1, expectedFail: 0, unexpectedPass: 0, skipped: 0 }, code: 1 },
    { summary: { pass: 3, fail: 0, expectedFail: 0, unexpectedPass: 1, skipped: 0 }, code: 1 },
  ])('exit $code for $summary', ({ summary, code }) => {
    expect(exitCodeFor(summary)).toBe(code);
    expect(exitCodeFor(summary, { requireAll: false })).toBe(code);
  });

  test.each([
    {
      name: 'one skipped cell',
      summary: { pass: 3, fail: 0, expectedFail: 0, unexpectedPass: 0, skipped: 1 },
      code: 1,
    },
    {
      name: 'every cell skipped',
      summary: { pass: 0, fail: 0, expectedFail: 0, unexpectedPass: 0, skipped: 9 },
      code: 1,
    },
    {
      name: 'all pass',
      summary: { pass: 3, fail: 0, expectedFail: 0, unexpectedPass: 0, skipped: 0 },
      code: 0,
    },
    {
      name: 'pass and expected-fail',
      summary: { pass: 3, fail: 0, expectedFail: 2, unexpectedPass: 0, skipped: 0 },
      code: 0,
    },
    {
      name: 'a failure',
      summary: { pass: 3, fail: 1, expectedFail: 0, unexpectedPass: 0, skipped: 0 },
      code: 1,
    },
  ])('requireAll: exit $code for $name', ({ summary, code }) => {
    expect(exitCodeFor(summary, { requireAll: true })).toBe(code);
  });
});
