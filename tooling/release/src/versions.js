// @ts-check
// Just enough semver for the checks the rehearsal makes: compare release versions and test the
// ranges pnpm writes for `workspace:` dependencies (`^x.y.z`, `~x.y.z`, `x.y.z`).

/**
 * @param {string} version
 * @returns {[number, number, number] | null} null for anything that is not a plain `x.y.z`
 */
export function parseVersion(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * @param {string} left
 * @param {string} right
 * @returns {number} negative, 0 or positive; NaN when either is not a plain `x.y.z`
 */
export function compareVersions(left, right) {
  const a = parseVersion(left);
  const b = parseVersion(right);
  if (a === null || b === null) return Number.NaN;
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `version` is inside `range`, for the three range shapes a published manifest of ours can
 * hold. Caret follows npm: `^0.1.0` allows `0.1.x`, `^0.0.3` only `0.0.3`.
 *
 * @param {string} version
 * @param {string} range
 */
export function satisfiesRange(version, range) {
  const operator = range[0] === '^' || range[0] === '~' ? range[0] : '';
  const floor = parseVersion(range.slice(operator.length));
  const actual = parseVersion(version);
  if (floor === null || actual === null) return false;
  if (compareVersions(version, range.slice(operator.length)) < 0) return false;
  if (operator === '') return compareVersions(version, range) === 0;
  if (operator === '~') return actual[0] === floor[0] && actual[1] === floor[1];
  if (floor[0] > 0) return actual[0] === floor[0];
  if (floor[1] > 0) return actual[0] === 0 && actual[1] === floor[1];
  return actual[0] === 0 && actual[1] === 0 && actual[2] === floor[2];
}
