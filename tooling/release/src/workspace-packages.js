// @ts-check
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name
 * @property {string} version
 * @property {string} directory   absolute
 * @property {boolean} published  not `private`: changesets versions it and `changeset publish` ships it
 * @property {Record<string, string>} dependencies
 */

/** The folders pnpm-workspace.yaml lists; published packages live only in the first. */
const WORKSPACE_FOLDERS = ['packages', 'apps', 'tooling'];

/**
 * Every workspace package of the repository at `root`, published ones first, each group by name.
 *
 * @param {string} root
 * @returns {Promise<WorkspacePackage[]>}
 */
export async function readWorkspacePackages(root) {
  /** @type {WorkspacePackage[]} */
  const found = [];
  for (const folder of WORKSPACE_FOLDERS) {
    const parent = path.join(root, folder);
    if (!existsSync(parent)) continue;
    for (const entry of await readdir(parent, { withFileTypes: true })) {
      const manifestPath = path.join(parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      found.push({
        name: manifest.name,
        version: manifest.version,
        directory: path.dirname(manifestPath),
        published: manifest.private !== true,
        dependencies: manifest.dependencies ?? {},
      });
    }
  }
  return found.sort((a, b) => Number(b.published) - Number(a.published) || a.name.localeCompare(b.name));
}

/**
 * The tarball file name `pnpm pack` and `npm pack` give a package: `@scope/name@1.2.3` ->
 * `scope-name-1.2.3.tgz`.
 *
 * @param {string} name
 * @param {string} version
 */
export function tarballFileName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}
