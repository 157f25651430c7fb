import type { UserConfig } from 'vitest/config';

export interface SharedVitestOptions {
  /** Test file globs; default `['src/**\/*.test.ts']`. */
  include?: string[];
  /** Per-test and per-hook timeout in ms; default 60000: a guard against hangs, never a time assertion (integration and property tests share two cores in CI). */
  testTimeout?: number;
  /** Extra vitest `test` options merged last. */
  test?: NonNullable<UserConfig['test']>;
}

export declare function sharedVitestConfig(options?: SharedVitestOptions): UserConfig;
