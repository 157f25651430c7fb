// @ts-check
// Reads a packed manifest the way Node and TypeScript will: every `exports` target must be a
// `./` path to a file in the tarball, `types` must come first in each condition object (TypeScript
// takes the first matching condition), and the legacy `main`/`module`/`types` fields must exist too.

/**
 * @typedef {object} ExportsTarget
 * @property {string} location  e.g. `exports["."].import.types`
 * @property {unknown} target
 */

/**
 * Every leaf of an `exports` value with where it sits, in map order.
 *
 * @param {unknown} exportsField
 * @returns {ExportsTarget[]}
 */
export function listExportsTargets(exportsField) {
  /** @type {ExportsTarget[]} */
  const targets = [];
  /**
   * @param {unknown} value
   * @param {string} location
   */
  const visit = (value, location) => {
    if (value === null) return; // an explicit "not exported"
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${location}[${index}]`);
    } else if (typeof value === 'object') {
      for (const [key, nested] of Object.entries(value)) visit(nested, `${location}[${JSON.stringify(key)}]`);
    } else {
      targets.push({ location, target: value });
    }
  };
  if (typeof exportsField === 'string') targets.push({ location: 'exports', target: exportsField });
  else visit(exportsField, 'exports');
  return targets.map(({ location, target }) => ({ location: readableLocation(location), target }));
}

/**
 * `exports["."]["import"]["types"]` reads better as `exports["."].import.types`.
 *
 * @param {string} location
 */
function readableLocation(location) {
  return location.replace(/\["([A-Za-z_]\w*)"\]/g, '.$1');
}

/**
 * The problems of a packed manifest's entry points, each a sentence naming the field, its value and
 * what is wrong. Empty when every entry point resolves to a file in the tarball.
 *
 * @param {Record<string, unknown>} manifest  package.json from the tarball
 * @param {ReadonlySet<string>} files         paths in the tarball, relative to `package/`, with `/`
 * @returns {string[]}
 */
export function entryPointProblems(manifest, files) {
  /** @type {string[]} */
  const problems = [];
  if (manifest.exports === undefined) {
    problems.push('package.json has no "exports" map');
  } else {
    for (const { location, target } of listExportsTargets(manifest.exports)) {
      if (typeof target !== 'string') {
        problems.push(`${location} is ${JSON.stringify(target)}, not a path`);
      } else if (!target.startsWith('./')) {
        problems.push(`${location} is "${target}": exports targets must start with "./"`);
      } else if (!target.includes('*') && !files.has(target.slice(2))) {
        problems.push(`${location} points to ${target}, which is not in the tarball`);
      }
    }
    problems.push(...typesOrderProblems(manifest.exports, 'exports'));
  }
  for (const field of ['main', 'module', 'types']) {
    const value = manifest[field];
    if (typeof value === 'string' && !files.has(value.replace(/^\.\//, ''))) {
      problems.push(`"${field}" points to ${value}, which is not in the tarball`);
    }
  }
  return problems;
}

/**
 * @param {unknown} value
 * @param {string} location
 * @returns {string[]}
 */
function typesOrderProblems(value, location) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const keys = Object.keys(value);
  /** @type {string[]} */
  const problems = [];
  if (keys.includes('types') && keys[0] !== 'types') {
    problems.push(
      `${readableLocation(location)} lists "types" after "${keys[0]}": TypeScript takes the first match; put "types" first`,
    );
  }
  for (const [key, nested] of Object.entries(value)) {
    problems.push(...typesOrderProblems(nested, `${location}[${JSON.stringify(key)}]`));
  }
  return problems;
}
