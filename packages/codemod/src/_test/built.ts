import { join } from 'node:path';

/** Where the test build of the CLI goes (never `dist/`, which `build` and `check:package` own). */
export const TEST_DIST = join(
  import.meta.dirname ?? '',
  '..',
  '..',
  'node_modules',
  '.cache',
  'codemod-test-dist',
);

/** The built bin the CLI tests spawn. */
export const TEST_BIN = join(TEST_DIST, 'bin.mjs');
