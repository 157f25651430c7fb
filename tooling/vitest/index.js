import { defineConfig } from 'vitest/config';

/**
 * The shared vitest configuration: unit tests beside the code (`src/**\/*.test.ts`), type tests
 * (`src/**\/*.test-d.ts`, checked by tsc through vitest), and a JSON report in `reports/vitest.json`
 * that `.ci/run` sums across workspaces.
 *
 * @param {import('./index.d.ts').SharedVitestOptions} [options]
 */
export function sharedVitestConfig(options = {}) {
  return defineConfig({
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**'],
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: options.testTimeout ?? 60_000,
      reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
      },
      ...(options.test ?? {}),
    },
  });
}
