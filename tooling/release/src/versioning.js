// @ts-check
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import semver from 'semver';
import { RehearsalFailure } from './rehearsal-failure.js';

export const REHEARSAL_CHANGESET = 'release-rehearsal';
export const REHEARSAL_SUMMARY = 'Release rehearsal: every published package bumped together.';

/**
 * Writes `.changeset/release-rehearsal.md`, a minor bump of every published package, as
 * `pnpm changeset` would.
 *
 * @param {string} root
 * @param {readonly import('./workspace-packages.js').WorkspacePackage[]} packages
 * @returns {Promise<string>} the file written
 */
export async function addRehearsalChangeset(root, packages) {
  const file = path.join(root, '.changeset', `${REHEARSAL_CHANGESET}.md`);
  const releases = packages.filter((pkg) => pkg.published).map((pkg) => `"${pkg.name}": minor`);
  await writeFile(file, `---\n${releases.join('\n')}\n---\n\n${REHEARSAL_SUMMARY}\n`);
  return file;
}

/**
 * What `changeset version` must have done: every published package bumped, with a CHANGELOG entry
 * for the new version carrying the summary; dependents' entries list the bumped internal
 * dependencies; internal ranges still pick up the new versions; private workspaces untouched;
 * the changeset consumed.
 *
 * @param {string} root
 * @param {readonly import('./workspace-packages.js').WorkspacePackage[]} before
 * @param {readonly import('./workspace-packages.js').WorkspacePackage[]} after
 * @returns {Promise<RehearsalFailure[]>}
 */
export async function checkVersioned(root, before, after) {
  /** @type {RehearsalFailure[]} */
  const failures = [];
  const newVersions = new Map(after.map((pkg) => [pkg.name, pkg.version]));
  if (existsSync(path.join(root, '.changeset', `${REHEARSAL_CHANGESET}.md`))) {
    failures.push(
      new RehearsalFailure(null, 'changeset version left .changeset/release-rehearsal.md in place'),
    );
  }
  for (const old of before) {
    const current = after.find((pkg) => pkg.name === old.name);
    if (current === undefined) continue;
    if (!old.published) {
      if (current.version !== old.version) {
        failures.push(
          new RehearsalFailure(
            old.name,
            `private workspace was versioned ${old.version} -> ${current.version}`,
          ),
        );
      }
      if (
        existsSync(path.join(current.directory, 'CHANGELOG.md')) &&
        !existsSync(path.join(old.directory, 'CHANGELOG.md'))
      ) {
        failures.push(new RehearsalFailure(old.name, 'private workspace got a CHANGELOG.md'));
      }
      continue;
    }
    if (
      !(semver.valid(current.version) && semver.valid(old.version) && semver.gt(current.version, old.version))
    ) {
      failures.push(
        new RehearsalFailure(
          old.name,
          `version was not bumped: ${old.version} -> ${current.version} (expected at least a minor bump)`,
        ),
      );
      continue;
    }
    const changelogPath = path.join(current.directory, 'CHANGELOG.md');
    const changelog = existsSync(changelogPath) ? await readFile(changelogPath, 'utf8') : null;
    if (changelog === null) {
      failures.push(new RehearsalFailure(old.name, 'CHANGELOG.md was not written by changeset version'));
      continue;
    }
    const section = changelogSection(changelog, current.version);
    if (section === null) {
      failures.push(new RehearsalFailure(old.name, `CHANGELOG.md has no "## ${current.version}" section`));
      continue;
    }
    if (!section.includes(REHEARSAL_SUMMARY)) {
      failures.push(
        new RehearsalFailure(old.name, `CHANGELOG.md section ${current.version} lacks the changeset summary`),
      );
    }
    for (const [dependency, range] of Object.entries(current.dependencies)) {
      const dependencyVersion = newVersions.get(dependency);
      if (dependencyVersion === undefined) continue;
      const oldDependencyVersion = before.find((pkg) => pkg.name === dependency)?.version;
      if (
        oldDependencyVersion !== dependencyVersion &&
        !section.includes(`${dependency}@${dependencyVersion}`)
      ) {
        failures.push(
          new RehearsalFailure(
            old.name,
            `CHANGELOG.md section ${current.version} does not list the updated dependency ${dependency}@${dependencyVersion}`,
          ),
        );
      }
      const problem = internalRangeProblem(range, dependencyVersion);
      if (problem !== null)
        failures.push(new RehearsalFailure(old.name, `dependency ${dependency}: ${problem}`));
    }
  }
  return failures;
}

/**
 * The body of `## <version>` in a changesets CHANGELOG, up to the next `## ` heading.
 *
 * @param {string} changelog
 * @param {string} version
 * @returns {string | null}
 */
export function changelogSection(changelog, version) {
  const lines = changelog.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${version}`);
  if (start === -1) return null;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/**
 * Why an internal dependency range in a workspace manifest would not pick up `version` once
 * published, or null when it does. `workspace:^` and `workspace:*` become the current version when
 * pnpm packs; an explicit range must have been moved by `changeset version`.
 *
 * @param {string} range
 * @param {string} version
 * @returns {string | null}
 */
export function internalRangeProblem(range, version) {
  const spec = range.startsWith('workspace:') ? range.slice('workspace:'.length) : range;
  if (spec === '*' || spec === '^' || spec === '~') return null;
  if (semver.satisfies(version, spec)) return null;
  return `range "${range}" does not include the new version ${version}; run changeset version with updateInternalDependencies, or use workspace:^`;
}
