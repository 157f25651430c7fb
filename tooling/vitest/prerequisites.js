// @ts-check
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Whether this is a CI run: `CI` is set to anything but an empty string, `0` or `false` (GitHub
 * Actions, GitLab and most runners set `CI=true`; `.ci/run` sets it too). On CI nothing may be
 * skipped: a missing prerequisite fails the test instead.
 *
 * @param {Readonly<Record<string, string | undefined>>} [env]
 * @returns {boolean}
 */
export function isCi(env = process.env) {
  const value = env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * A missing prerequisite never passes silently: on CI the test fails with the reason; elsewhere it is
 * skipped with the reason as the skip note (and {@link announceMissing} has printed it).
 *
 * @param {import('vitest').TestContext} context
 * @param {readonly import('./prerequisites.d.ts').Prerequisite[]} prerequisites
 */
export function requirePrerequisites(context, prerequisites) {
  const missing = prerequisites.filter((prerequisite) => !prerequisite.ok);
  if (missing.length === 0) return;
  const reasons = missing.map((prerequisite) => prerequisite.reason).join('; ');
  if (isCi()) throw new Error(`CI=true requires every prerequisite, and ${reasons}`);
  context.skip(reasons);
}

/**
 * Prints, once per test file, what is missing and what is skipped because of it (not on CI, where the
 * tests fail instead).
 *
 * @param {string} file
 * @param {readonly import('./prerequisites.d.ts').Prerequisite[]} prerequisites
 */
export function announceMissing(file, prerequisites) {
  if (isCi()) return;
  for (const prerequisite of prerequisites.filter((entry) => !entry.ok)) {
    console.warn(`SKIPPING in ${file}: ${prerequisite.reason}. Set CI=true to make this a failure.`);
  }
}

/**
 * Whether workspace packages are built: their entry point, resolved from `options.from` (the test
 * file's `import.meta.url`), exists. A dist/ can vanish for a few seconds while its package is being
 * rebuilt, so a missing one is polled for up to `options.waitMs` before it counts as unbuilt.
 *
 * @param {readonly string[]} names
 * @param {import('./prerequisites.d.ts').BuiltPackagesOptions} options
 * @returns {Promise<import('./prerequisites.d.ts').Prerequisite>}
 */
export async function builtPackages(names, options) {
  const require = createRequire(options.from);
  const entryExists = (/** @type {string} */ name) => {
    try {
      return existsSync(require.resolve(name));
    } catch {
      return false; // not installed, or no entry point to resolve
    }
  };
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let unbuilt = names.filter((name) => !entryExists(name));
  while (unbuilt.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    unbuilt = unbuilt.filter((name) => !entryExists(name));
  }
  if (unbuilt.length === 0) return { ok: true, reason: `${names.join(', ')} built` };
  const build = options.buildCommand ?? 'pnpm build';
  return { ok: false, reason: `${unbuilt.join(', ')} not built (run ${build})` };
}
