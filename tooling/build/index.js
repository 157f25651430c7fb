import { defineConfig } from 'tsdown';

/**
 * The build every published package shares: dual ESM (`.mjs` + `.d.mts`) and CommonJS
 * (`.cjs` + `.d.cts`) for Node >= 18 and browsers, no bundled dependencies, a clean `dist/`.
 *
 * @param {import('./index.d.ts').PackageBuildOptions} [options]
 */
export function packageBuildConfig(options = {}) {
  return defineConfig({
    entry: options.entry ?? ['src/index.ts'],
    format: ['esm', 'cjs'],
    platform: options.platform ?? 'neutral',
    target: 'node18',
    dts: true,
    fixedExtension: true,
    sourcemap: false,
    clean: true,
    treeshake: true,
    unbundle: false,
    outDir: 'dist',
  });
}
