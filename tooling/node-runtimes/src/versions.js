// @ts-check

/**
 * Parses a plain `X.Y.Z` release version; pre-releases and anything else give null.
 *
 * @param {string} version
 * @returns {[number, number, number] | null}
 */
export function parseVersion(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Orders two release versions numerically (so 18.20.8 > 18.9.1).
 *
 * @param {[number, number, number]} a
 * @param {[number, number, number]} b
 * @returns {number}
 */
export function compareVersions(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The newest release of one major in a list of versions (the registry does not sort them).
 *
 * @param {readonly unknown[]} versions
 * @param {number} major
 * @returns {string | null}
 */
export function newestOfMajor(versions, major) {
  /** @type {[number, number, number] | null} */
  let best = null;
  for (const candidate of versions) {
    if (typeof candidate !== 'string') continue;
    const parsed = parseVersion(candidate);
    if (parsed === null || parsed[0] !== major) continue;
    if (best === null || compareVersions(parsed, best) > 0) best = parsed;
  }
  return best === null ? null : best.join('.');
}
