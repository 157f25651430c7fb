// @ts-check
import semver from 'semver';

/**
 * Parses a plain `X.Y.Z` release version (a leading `v` allowed); pre-releases and anything else give null.
 *
 * @param {string} version
 * @returns {[number, number, number] | null}
 */
export function parseVersion(version) {
  const parsed = semver.parse(version.trim());
  if (parsed === null || parsed.prerelease.length > 0 || parsed.build.length > 0) return null;
  return [parsed.major, parsed.minor, parsed.patch];
}

/**
 * The newest release of one major in a list of versions (the registry does not sort them); pre-releases
 * and non-strings are ignored.
 *
 * @param {readonly unknown[]} versions
 * @param {number} major
 * @returns {string | null}
 */
export function newestOfMajor(versions, major) {
  const candidates = versions.filter(
    (candidate) => typeof candidate === 'string' && parseVersion(candidate) !== null,
  );
  return semver.maxSatisfying(/** @type {string[]} */ (candidates), `${major}.x`);
}
