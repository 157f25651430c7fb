import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { DEPENDENCY_FIELDS, versionRangeOfSpec } from './patterns.js';

/** The ws version range a file is linted against, and where it came from. */
export interface WsVersionRange {
  range: string;
  source: 'option' | 'package.json';
}

// One entry per directory looked at: the range of the nearest package.json that declares ws, or null.
// Lint runs read each directory once; the cache is keyed by absolute path, so runs never mix.
const rangeByDirectory = new Map<string, string | null>();
// Answers about a range string, keyed by the string itself (a pure function of it): semver parses a range
// on every call, and the same few ranges are asked about once per file (measured: half of the rule's time).
const validRanges = new Map<string, boolean>();
const belowAnswers = new Map<string, boolean>();
const ws8Answers = new Map<string, boolean>();

/** Empties the per-directory cache (tests that rewrite package.json files call this). */
export function clearWsVersionCache(): void {
  rangeByDirectory.clear();
}

function isValidRange(range: string): boolean {
  let valid = validRanges.get(range);
  if (valid === undefined) {
    valid = semver.validRange(range) !== null;
    validRanges.set(range, valid);
  }
  return valid;
}

function readWsRange(packageJsonPath: string): string | null | undefined {
  let text: string;
  try {
    text = readFileSync(packageJsonPath, 'utf8');
  } catch {
    return undefined; // no package.json here: keep walking up
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined; // unreadable manifest: treat as absent
  }
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = (manifest as Record<string, unknown>)[field];
    if (typeof dependencies !== 'object' || dependencies === null) continue;
    const spec = (dependencies as Record<string, unknown>)['ws'];
    if (typeof spec === 'string') return versionRangeOfSpec(spec);
  }
  return undefined;
}

function rangeForDirectory(directory: string): string | null {
  const cached = rangeByDirectory.get(directory);
  if (cached !== undefined) return cached;
  const own = readWsRange(join(directory, 'package.json'));
  let result: string | null;
  if (own !== undefined) result = own;
  else {
    const parent = dirname(directory);
    result = parent === directory ? null : rangeForDirectory(parent);
  }
  rangeByDirectory.set(directory, result);
  return result;
}

/**
 * The ws version range for a file: the rule option when given, else the `ws` dependency of the nearest
 * package.json that declares one (walking up from the file). `null` when neither says.
 *
 * @param filename - the physical path of the linted file (`<input>` and `<text>` have none)
 * @param option - the rule's `wsVersion` option (a version or a semver range)
 */
export function wsVersionRange(filename: string, option: string | undefined): WsVersionRange | null {
  if (option !== undefined && isValidRange(option)) return { range: option, source: 'option' };
  if (filename === '' || filename.startsWith('<')) return null;
  const range = rangeForDirectory(dirname(filename));
  if (range === null || !isValidRange(range)) return null;
  return { range, source: 'package.json' };
}

/**
 * Whether a range allows a version below `version` (its lowest matching version is older).
 *
 * @param range - a valid semver range
 * @param version - an exact version, e.g. `'8.22.0'`
 */
export function rangeAllowsBelow(range: string, version: string): boolean {
  const key = `${range}\u0000${version}`;
  let answer = belowAnswers.get(key);
  if (answer === undefined) {
    const lowest = semver.minVersion(range);
    answer = lowest === null || semver.lt(lowest, version);
    belowAnswers.set(key, answer);
  }
  return answer;
}

/**
 * Whether a range allows ws 8 or later (where messages and close reasons arrive as Buffers).
 *
 * @param range - a valid semver range
 */
export function rangeAllowsWs8(range: string): boolean {
  let answer = ws8Answers.get(range);
  if (answer === undefined) {
    answer = semver.intersects(range, '>=8.0.0');
    ws8Answers.set(range, answer);
  }
  return answer;
}
