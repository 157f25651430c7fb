import type { CellResult, CellStatus, Summary } from './model.js';

/**
 * A failure a client or server declares beside its adapter: the cell is expected to fail, for this
 * reason. `observed` must occur in the failure the scenario reports, so a cell that fails for some
 * other reason is still a `fail`.
 */
export interface ExpectedFailure {
  scenario: string;
  reason: string;
  /** a substring of the observed failure that shows it is the declared one */
  observed?: string;
  /** only against these servers (ids like `ws@2.3.1` or majors like `ws@2`); default all */
  servers?: readonly string[];
}

/** What a scenario found, before declarations are applied. */
export type Verdict =
  | { ok: true; note?: string }
  | {
      ok: false;
      reason: string;
      /** each thing that did not hold; a declaration's `observed` must occur in every one of them */
      failures?: readonly string[];
    };

/**
 * Turns a scenario's verdict into a cell status, using the declaration that applies (if any):
 * a declared failure that happens is `expected-fail`, one that does not is `unexpected-pass`
 * (the declaration is stale), a failure other than the declared one stays `fail`.
 */
export function judge(
  verdict: Verdict,
  declared: ExpectedFailure | undefined,
): { status: CellStatus; reason: string } {
  if (declared === undefined) {
    return verdict.ok
      ? { status: 'pass', reason: verdict.note ?? '' }
      : { status: 'fail', reason: verdict.reason };
  }
  if (verdict.ok) {
    return {
      status: 'unexpected-pass',
      reason: `declared to fail (${declared.reason}) but passed: remove the declaration`,
    };
  }
  const failures = verdict.failures ?? [verdict.reason];
  const observed = declared.observed;
  if (observed !== undefined && !failures.every((failure) => failure.includes(observed))) {
    return {
      status: 'fail',
      reason: `declared to fail with "${declared.observed}" (${declared.reason}), but failed otherwise: ${verdict.reason}`,
    };
  }
  return { status: 'expected-fail', reason: `${declared.reason} [observed: ${verdict.reason}]` };
}

/** Whether a declaration's server list covers a server id (`ws@8` matches `ws@8.23.0`). */
export function coversServer(declared: ExpectedFailure, serverId: string): boolean {
  if (declared.servers === undefined) return true;
  return declared.servers.some((entry) => entry === serverId || serverId.startsWith(`${entry}.`));
}

/** The first declaration for a scenario against a server, among a client's and the server's own. */
export function findDeclaration(
  declarations: readonly ExpectedFailure[],
  scenario: string,
  serverId: string,
): ExpectedFailure | undefined {
  return declarations.find((entry) => entry.scenario === scenario && coversServer(entry, serverId));
}

/** Counts cells per status. */
export function summarize(cells: readonly Pick<CellResult, 'status'>[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, expectedFail: 0, unexpectedPass: 0, skipped: 0 };
  for (const cell of cells) {
    if (cell.status === 'pass') summary.pass++;
    else if (cell.status === 'fail') summary.fail++;
    else if (cell.status === 'expected-fail') summary.expectedFail++;
    else if (cell.status === 'unexpected-pass') summary.unexpectedPass++;
    else summary.skipped++;
  }
  return summary;
}

/**
 * The CLI's exit code: 1 when any cell failed or passed against its declaration, and with
 * `requireAll` (`--require-all`, or CI) also when any cell was skipped: a skipped cell proved nothing.
 */
export function exitCodeFor(summary: Summary, options: { requireAll?: boolean } = {}): 0 | 1 {
  if (summary.fail > 0 || summary.unexpectedPass > 0) return 1;
  return options.requireAll === true && summary.skipped > 0 ? 1 : 0;
}
