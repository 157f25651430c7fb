import {
  announceMissing,
  builtPackages,
  isCi,
  requirePrerequisites,
} from '@ws-compat/vitest-config/prerequisites';
import type { TestContext } from 'vitest';
import { afterEach, describe, expect, test, vi } from 'vitest';

const savedCi = process.env['CI'];
afterEach(() => {
  if (savedCi === undefined) delete process.env['CI'];
  else process.env['CI'] = savedCi;
  vi.restoreAllMocks();
});

function fakeContext(): { context: TestContext; notes: (string | undefined)[] } {
  const notes: (string | undefined)[] = [];
  const context = { skip: (note?: string) => notes.push(note) } as unknown as TestContext;
  return { context, notes };
}

const MISSING = { ok: false, reason: 'Chromium is not installed at /x' };
const PRESENT = { ok: true, reason: 'unused' };

describe('requirePrerequisites', () => {
  test('CI=true: a missing prerequisite fails the test, naming it', () => {
    process.env['CI'] = 'true';
    const { context, notes } = fakeContext();
    expect(() => requirePrerequisites(context, [PRESENT, MISSING])).toThrow(
      'CI=true requires every prerequisite, and Chromium is not installed at /x',
    );
    expect(notes).toEqual([]);
  });

  test('without CI: the test is skipped with the reason as its note', () => {
    delete process.env['CI'];
    const { context, notes } = fakeContext();
    requirePrerequisites(context, [MISSING, { ok: false, reason: 'x not built' }]);
    expect(notes).toEqual(['Chromium is not installed at /x; x not built']);
  });

  test.each(['true', 'false', undefined])('CI=%s: nothing missing, nothing happens', (ci) => {
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
    const { context, notes } = fakeContext();
    expect(() => requirePrerequisites(context, [PRESENT])).not.toThrow();
    expect(notes).toEqual([]);
  });
});

describe('announceMissing', () => {
  test('prints each missing prerequisite without CI, nothing on CI (where the tests fail instead)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    delete process.env['CI'];
    announceMissing('a.test.ts', [MISSING, PRESENT]);
    expect(warn.mock.calls).toEqual([
      ['SKIPPING in a.test.ts: Chromium is not installed at /x. Set CI=true to make this a failure.'],
    ]);
    process.env['CI'] = '1';
    announceMissing('a.test.ts', [MISSING]);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('builtPackages', () => {
  test('a built workspace package is there; a missing one is named with the fix', async () => {
    await expect(builtPackages(['vitest'], { from: import.meta.url, waitMs: 0 })).resolves.toEqual({
      ok: true,
      reason: 'vitest built',
    });
    await expect(
      builtPackages(['vitest', '@ws-compat/no-such-package'], {
        from: import.meta.url,
        waitMs: 0,
        buildCommand: 'pnpm conformance',
      }),
    ).resolves.toEqual({
      ok: false,
      reason: '@ws-compat/no-such-package not built (run pnpm conformance)',
    });
  });
});

describe('isCi', () => {
  test.each([
    ['true', true],
    ['1', true],
    ['TRUE ', true],
    ['', false],
    ['0', false],
    ['false', false],
    [undefined, false],
  ])('CI=%j is %s', (CI, expected) => {
    expect(isCi(CI === undefined ? {} : { CI })).toBe(expected);
  });
});
