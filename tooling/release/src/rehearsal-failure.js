// @ts-check

/**
 * One thing the rehearsal found wrong. `packageName` is the published package it concerns, or `null`
 * for a problem with the pipeline itself (Verdaccio would not start, the copy would not install).
 * The message always reads `<package>: <problem>` so a log line is enough to act on.
 */
export class RehearsalFailure extends Error {
  /**
   * @param {string | null} packageName
   * @param {string} problem  what is wrong and, where we know it, how to fix it
   * @param {{ where?: string; detail?: string; cause?: unknown }} [options]  `where`: the runtime or
   *   mode it was seen in (`ESM on node 18.20.8`), so the summary can merge one problem seen in several;
   *   `detail`: command output worth showing
   */
  constructor(packageName, problem, options = {}) {
    const where = options.where === undefined ? '' : ` [${options.where}]`;
    super(
      `${packageName ?? 'release pipeline'}: ${problem}${where}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'RehearsalFailure';
    this.packageName = packageName;
    this.problem = problem;
    this.where = options.where ?? null;
    this.detail = options.detail ?? '';
  }
}

/**
 * One line per distinct problem: the same problem seen in several places (ESM and CJS, Node 20 and
 * 18, node16 and bundler) is one line listing them, in the order first seen.
 *
 * @param {readonly RehearsalFailure[]} failures
 * @returns {string[]}
 */
export function summarizeFailures(failures) {
  /** @type {Map<string, { head: string; places: string[] }>} */
  const groups = new Map();
  for (const failure of failures) {
    const head = `${failure.packageName ?? 'release pipeline'}: ${failure.problem}`;
    const group = groups.get(head) ?? { head, places: [] };
    if (failure.where !== null && !group.places.includes(failure.where)) group.places.push(failure.where);
    groups.set(head, group);
  }
  return [...groups.values()].map(({ head, places }) =>
    places.length === 0 ? head : `${head} [${places.join('; ')}]`,
  );
}

/**
 * Several failures found by one stage (e.g. every tarball checked, each with its own problems).
 */
export class RehearsalFailures extends Error {
  /** @param {readonly RehearsalFailure[]} failures */
  constructor(failures) {
    super(failures.map((failure) => failure.message).join('\n'));
    this.name = 'RehearsalFailures';
    this.failures = failures;
  }
}

/**
 * Throws when a stage collected failures; a stage that found nothing wrong continues.
 *
 * @param {readonly RehearsalFailure[]} failures
 * @throws {RehearsalFailures}
 */
export function throwIfAny(failures) {
  if (failures.length > 0) throw new RehearsalFailures(failures);
}
