import { build } from 'tsdown';
import { TEST_DIST } from './built.js';

/** Builds the bin and its worker once per test run, ESM only, so the CLI tests run what users run. */
export default async function setup(): Promise<void> {
  await build({
    config: false,
    entry: ['src/bin.ts', 'src/worker.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    fixedExtension: true,
    dts: false,
    clean: true,
    outDir: TEST_DIST,
    logLevel: 'error',
  });
}
