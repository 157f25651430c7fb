import { sharedVitestConfig } from '@ws-compat/vitest-config';

export default sharedVitestConfig({
  include: ['src/**/*.test.ts', 'src/**/*.test.mjs'],
  testTimeout: 240_000,
});
