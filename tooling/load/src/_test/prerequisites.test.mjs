// @ts-check
import { afterEach, describe, expect, test, vi } from 'vitest';
import { announceMissing, builtPackages, isCi, requirePrerequisites } from './prerequisites.mjs';

const savedCi = process.env['CI'];
afterEach(() => {
  if (savedCi === undefined) delete process.env['CI'];
  else process.env['CI'] = savedCi;
  vi.restoreAllMocks();
});

/** @returns {{ context: import('vitest').TestContext; notes: (string | undefined)[] }} */
function fakeContext() {
  /** @type {(string | undefined)[]} */
  const notes = [];
  const context = /** @type {import('vitest').TestContext} */ (
    /** @type {unknown} */ ({ skip: (/** @type {string | undefined} */ note) => notes.push(note) })
  );
  return { context, notes };
}

const MISSING = { ok: false, reason: '@ws-compat/x not built (run pnpm build)' };

describe('prerequisites', () => {
  test.each([
    { CI: 'true', expected: true },
    { CI: '1', expected: true },
    { CI: '', expected: false },
    { CI: '0', expected: false },
    { CI: 'false', expected: false },
    { CI: undefined, expected: false },
  ])('CI=$CI is CI: $expected', ({ CI, expected }) => {
    expect(isCi(CI === undefined ? {} : { CI })).toBe(expected);
  });

  test('CI=true: a missing prerequisite fails the test, naming it', () => {
    process.env['CI'] = 'true';
    const { context, notes } = fakeContext();
    expect(() => requirePrerequisites(context, [MISSING])).toThrow(
      'CI=true requires every prerequisite, and @ws-compat/x not built (run pnpm build)',
    );
    expect(notes).toEqual([]);
  });

  test('without CI: skipped with the reason as the note, and the reason printed', () => {
    delete process.env['CI'];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { context, notes } = fakeContext();
    announceMissing('load.test.mjs', [MISSING, { ok: true, reason: 'x' }]);
    requirePrerequisites(context, [MISSING]);
    expect(notes).toEqual(['@ws-compat/x not built (run pnpm build)']);
    expect(warn.mock.calls).toEqual([
      [
        'SKIPPING in load.test.mjs: @ws-compat/x not built (run pnpm build). Set CI=true to make this a failure.',
      ],
    ]);
  });

  test('builtPackages names what is not built, and the fix', async () => {
    await expect(builtPackages(['@ws-compat/query-params'], 0)).resolves.toEqual({
      ok: true,
      reason: '@ws-compat/query-params built',
    });
    await expect(builtPackages(['@ws-compat/no-such-package'], 0)).resolves.toEqual({
      ok: false,
      reason: '@ws-compat/no-such-package not built (run pnpm build, or pnpm load, which builds first)',
    });
  });
});
