import type { TestContext } from 'vitest';

/** Something a test needs from the machine (Chromium, built packages, a runtime), and what is missing. */
export interface Prerequisite {
  ok: boolean;
  /** What is there, or what is missing and how to get it. */
  reason: string;
}

export interface BuiltPackagesOptions {
  /** Where to resolve the packages from: the test file's `import.meta.url`. */
  from: string | URL;
  /** How long a missing entry point is polled for before it counts as unbuilt; default 20000 ms. */
  waitMs?: number;
  /** The command the reason suggests; default `pnpm build`. */
  buildCommand?: string;
}

/** Whether this is a CI run: `CI` set to anything but empty, `0` or `false`. */
export declare function isCi(env?: Readonly<Record<string, string | undefined>>): boolean;
/** On CI a missing prerequisite fails the test; elsewhere the test is skipped with the reason. */
export declare function requirePrerequisites(
  context: TestContext,
  prerequisites: readonly Prerequisite[],
): void;
/** Prints what is missing and skipped, once per file (not on CI, where the tests fail). */
export declare function announceMissing(file: string, prerequisites: readonly Prerequisite[]): void;
/** Whether the packages' entry points exist, polled for a while in case one is being rebuilt. */
export declare function builtPackages(
  names: readonly string[],
  options: BuiltPackagesOptions,
): Promise<Prerequisite>;
