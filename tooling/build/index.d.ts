import type { UserConfig } from 'tsdown';

export interface PackageBuildOptions {
  /** Entry files; default `['src/index.ts']`. */
  entry?: string[];
  /** `'neutral'` (default: Node and browsers) or `'node'` for packages that import `node:*` modules. */
  platform?: 'neutral' | 'node';
}

export declare function packageBuildConfig(options?: PackageBuildOptions): UserConfig;
