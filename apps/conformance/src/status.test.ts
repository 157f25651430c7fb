import { describe, expect, test } from 'vitest';
import {
  coversServer,
  type ExpectedFailure,
  exitCodeFor,
  findDeclaration,
  findDeclarations,
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
      name: 'a fail keeps its note after its reason',
      verdict: { ok: false, reason: 'boom', note: 'no wasClean' },
      declaration: undefined,
      status: 'fail',
      reason: 'boom [note: no wasClean]',
    },
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
      name: 'an expected-fail keeps its note after the observed failure',
      verdict: { ok: false, reason: 'refused with TOO_MANY', note: 'client: no wasClean' },
      declaration: declared,
      status: 'expected-fail',
      reason: 'undici 5 offers one protocol [observed: refused with TOO_MANY] [note: client: no wasClean]',
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
      reason: 'declared to fail with "TOO_MANY" (undici 5 offers one protocol), but failed otherwise: b died',
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

describe('judge with the client and the server declarations', () => {
  const browser: ExpectedFailure = {
    scenario: 's',
    reason: 'no status in browsers',
    observed: 'got NETWORK',
  };
  const starlette: ExpectedFailure = {
    scenario: 's',
    reason: 'Starlette refuses with 403 only',
    observed: 'got 403',
  };
  test.each<{ name: string; verdict: Verdict; status: string; reason: string }>([
    {
      name: 'each failure named by one of them: expected-fail with both reasons',
      verdict: { ok: false, reason: 'r', failures: ['401? got NETWORK', 'status bytes: got 403'] },
      status: 'expected-fail',
      reason: 'no status in browsers; Starlette refuses with 403 only [observed: r]',
    },
    {
      name: 'a failure neither names: fail, naming it',
      verdict: { ok: false, reason: 'r', failures: ['got NETWORK', 'got 403', 'client died'] },
      status: 'fail',
      reason:
        'declared to fail with "got NETWORK" (no status in browsers), "got 403" (Starlette refuses with 403 only), but failed otherwise: client died',
    },
    {
      name: 'only the declarations that named a failure give the reason',
      verdict: { ok: false, reason: 'r', failures: ['got NETWORK'] },
      status: 'expected-fail',
      reason: 'no status in browsers [observed: r]',
    },
    {
      name: 'a pass makes both stale',
      verdict: { ok: true },
      status: 'unexpected-pass',
      reason:
        'declared to fail (no status in browsers; Starlette refuses with 403 only) but passed: remove the declaration',
    },
  ])('$name', ({ verdict, status, reason }) => {
    expect(judge(verdict, [browser, starlette])).toEqual({ status, reason });
  });

  test('findDeclarations takes the client declaration for this server and the server declaration for this client', () => {
    const client: ExpectedFailure[] = [
      { scenario: 's', reason: 'only ws 2', servers: ['ws@2'] },
      { scenario: 's', reason: 'Python servers', servers: ['aiohttp', 'tornado'] },
    ];
    const server: ExpectedFailure[] = [
      { scenario: 's', reason: 'browsers only', clients: ['chromium'] },
      { scenario: 't', reason: 'other scenario' },
    ];
    const reasons = (clientId: string, serverId: string, scenario = 's'): string[] =>
      findDeclarations({ clientId, serverId, scenario }, client, server).map((entry) => entry.reason);
    expect(reasons('ws@8.23.0', 'ws@2.3.1')).toEqual(['only ws 2']);
    expect(reasons('chromium@156.0.1', 'aiohttp@3.8.4')).toEqual(['Python servers', 'browsers only']);
    expect(reasons('gorilla@1.5.0', 'tornado@6.2')).toEqual(['Python servers']);
    expect(reasons('chromium@156.0.1', 'ws@2.3.1')).toEqual(['only ws 2', 'browsers only']);
    expect(reasons('gorilla@1.5.0', 'ws@8.23.0')).toEqual([]);
    expect(reasons('gorilla@1.5.0', 'ws@8.23.0', 't')).toEqual(['other scenario']);
  });
});

describe('declarations', () => {
  test.each([
    { servers: undefined, server: 'ws@2.3.1', covered: true },
    { servers: ['ws@2'], server: 'ws@2.3.1', covered: true },
    { servers: ['ws@2'], server: 'ws@8.23.0', covered: false },
    { servers: ['ws@8.23.0'], server: 'ws@8.23.0', covered: true },
    { servers: ['ws@2'], server: 'ws@20.1.0', covered: false },
    { servers: ['aiohttp'], server: 'aiohttp@3.8.4', covered: true },
    { servers: ['starlette'], server: 'starlette@0.26.1+wsproto', covered: true },
    { servers: ['ws'], server: 'websocket-node@1.0.35', covered: false },
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
