import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';
import { isCi } from '../strict.js';

/** Something a test needs from the machine (Chromium, built packages), and what to do when it is missing. */
export interface Prerequisite {
  ok: boolean;
  /** what is missing and how to get it */
  reason: string;
}

/**
 * A missing prerequisite never passes silently. On CI (`CI=true`) the test fails with the reason;
 * elsewhere it is skipped with the reason as the skip note, and {@link announceMissing} has printed it.
 */
export function requirePrerequisites(context: TestContext, prerequisites: readonly Prerequisite[]): void {
  const missing = prerequisites.filter((prerequisite) => !prerequisite.ok);
  if (missing.length === 0) return;
  const reasons = missing.map((prerequisite) => prerequisite.reason).join('; ');
  if (isCi()) throw new Error(`CI=true requires every prerequisite, and ${reasons}`);
  context.skip(reasons);
}

/** Prints, once per test file, what is missing and what will be skipped because of it (not on CI, where it fails). */
export function announceMissing(file: string, prerequisites: readonly Prerequisite[]): void {
  if (isCi()) return;
  for (const prerequisite of prerequisites.filter((entry) => !entry.ok)) {
    console.warn(`SKIPPING in ${file}: ${prerequisite.reason}. Set CI=true to make this a failure.`);
  }
}

/**
 * Whether workspace packages are built (their entry point exists). A dist/ can vanish for a few
 * seconds while its package is being rebuilt, so a missing one is polled for up to `waitMs` before it
 * counts as unbuilt.
 */
export async function builtPackages(names: readonly string[], waitMs = 20_000): Promise<Prerequisite> {
  const deadline = Date.now() + waitMs;
  let unbuilt = names.filter((name) => !entryExists(name));
  while (unbuilt.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    unbuilt = unbuilt.filter((name) => !entryExists(name));
  }
  if (unbuilt.length === 0) return { ok: true, reason: `${names.join(', ')} built` };
  return {
    ok: false,
    reason: `${unbuilt.join(', ')} not built (run pnpm build, or pnpm conformance, which builds first)`,
  };
}

function entryExists(name: string): boolean {
  try {
    return existsSync(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return false; // not installed at all
  }
}
