// @ts-check
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { childEnvironment, runCommand } from './run-command.js';

/** Who commits and tags inside the copy (`changeset publish` makes annotated tags, which need one). */
export const REHEARSAL_GIT_IDENTITY = Object.freeze({
  GIT_AUTHOR_NAME: 'ws-compat release rehearsal',
  GIT_AUTHOR_EMAIL: 'rehearsal@ws-compat.invalid',
  GIT_COMMITTER_NAME: 'ws-compat release rehearsal',
  GIT_COMMITTER_EMAIL: 'rehearsal@ws-compat.invalid',
});

/** Never copied when the source is not a git work tree: build output, installs, caches, reports. */
const SKIPPED_NAMES = new Set(['.git', 'node_modules', 'dist', 'reports', '.turbo', 'coverage']);

/**
 * The files a fresh clone would have plus what colleagues have not committed yet: git's tracked
 * files and its untracked-but-not-ignored ones. Without git, every file except build output and
 * installs. Paths are relative, with `/`.
 *
 * @param {string} sourceRoot
 * @param {AbortSignal} [signal]
 * @returns {Promise<string[]>}
 */
export async function listWorkspaceFiles(sourceRoot, signal) {
  if (existsSync(path.join(sourceRoot, '.git'))) {
    const { stdout } = await runCommand(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: sourceRoot,
        ...(signal ? { signal } : {}),
      },
    );
    // a tracked file deleted in the work tree is still listed by --cached: a clone of the
    // work tree would not have it
    return stdout.split('\0').filter((file) => file !== '' && existsSync(path.join(sourceRoot, file)));
  }
  /** @type {string[]} */
  const files = [];
  /** @param {string} relative */
  const walk = async (relative) => {
    for (const entry of await readdir(path.join(sourceRoot, relative), { withFileTypes: true })) {
      if (SKIPPED_NAMES.has(entry.name) || entry.name.endsWith('.tgz') || entry.name.endsWith('.tsbuildinfo'))
        continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else files.push(child);
    }
  };
  await walk('');
  return files;
}

/**
 * Copies the workspace into `destination` and makes it a one-commit git repository, the way a
 * clean clone looks: `changeset publish` tags releases there, never in the real checkout.
 *
 * @param {string} sourceRoot
 * @param {string} destination  an empty directory
 * @param {AbortSignal} [signal]
 * @returns {Promise<number>} the number of files copied
 */
export async function copyWorkspace(sourceRoot, destination, signal) {
  const files = await listWorkspaceFiles(sourceRoot, signal);
  for (const file of files) {
    const from = path.join(sourceRoot, file);
    const to = path.join(destination, file);
    await mkdir(path.dirname(to), { recursive: true });
    if ((await lstat(from)).isSymbolicLink()) await symlink(await readlink(from), to);
    else await copyFile(from, to);
  }
  const env = childEnvironment(REHEARSAL_GIT_IDENTITY);
  const git = { cwd: destination, env, ...(signal ? { signal } : {}) };
  await runCommand('git', ['init', '--quiet', '--initial-branch=main'], git);
  await runCommand('git', ['add', '--all'], git);
  await runCommand(
    'git',
    ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', 'Rehearsal snapshot'],
    git,
  );
  return files.length;
}
