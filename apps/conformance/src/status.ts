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
  /** only against these servers (ids like `ws@2.3.1`, majors like `ws@2`, families like `aiohttp`); default all */
  servers?: readonly string[];
  /** a server's declaration: only for these clients (ids, majors or families, as `servers`); default all */
  clients?: readonly string[];
}

/** What a scenario found, before declarations are applied. */
export type Verdict =
  | { ok: true; note?: string }
  | {
      ok: false;
      reason: string;
      /** each thing that did not hold; a declaration's `observed` must occur in every one of them */
      failures?: readonly string[];
      /** what the scenario noted besides (e.g. a check it could not make), kept in the cell's reason */
      note?: string;
    };

/**
 * Turns a scenario's verdict into a cell status, using the declarations that apply (the client's and
 * the server's): every failure must be one a declaration names (its `observed` occurs in it; one
 * without `observed` names every failure). Then the cell is `expected-fail` with the reasons of the
 * declarations that named a failure; a failure no declaration names stays `fail`; a pass is
 * `unexpected-pass` (the declarations are stale).
 */
export function judge(
  verdict: Verdict,
  declared: ExpectedFailure | readonly ExpectedFailure[] | undefined,
): { status: CellStatus; reason: string } {
  const declarations: readonly ExpectedFailure[] =
    declared === undefined ? [] : Array.isArray(declared) ? declared : [declared as ExpectedFailure];
  // a failing verdict's note follows its reason, so a failed or expected-fail cell keeps it too
  const noted = (reason: string): string =>
    !verdict.ok && verdict.note !== undefined ? `${reason} [note: ${verdict.note}]` : reason;
  if (declarations.length === 0) {
    return verdict.ok
      ? { status: 'pass', reason: verdict.note ?? '' }
      : { status: 'fail', reason: noted(verdict.reason) };
  }
  const reasons = declarations.map((entry) => entry.reason).join('; ');
  if (verdict.ok) {
    return {
      status: 'unexpected-pass',
      reason: `declared to fail (${reasons}) but passed: remove the declaration`,
    };
  }
  const failures = verdict.failures ?? [verdict.reason];
  const names = (entry: ExpectedFailure, failure: string): boolean =>
    entry.observed === undefined || failure.includes(entry.observed);
  const unnamed = failures.filter((failure) => !declarations.some((entry) => names(entry, failure)));
  if (unnamed.length > 0) {
    const expected = declarations
      .map((entry) => (entry.observed === undefined ? entry.reason : `"${entry.observed}" (${entry.reason})`))
      .join(', ');
    return {
      status: 'fail',
      reason: noted(
        `declared to fail with ${expected}, but failed otherwise: ${unnamed.slice(0, 3).join('; ')}`,
      ),
    };
  }
  // the reasons of the declarations that named a failure (a client's and a server's may both apply)
  const used = declarations.filter((entry) => failures.some((failure) => names(entry, failure)));
  const usedReasons = [...new Set(used.map((entry) => entry.reason))].join('; ');
  return { status: 'expected-fail', reason: noted(`${usedReasons} [observed: ${verdict.reason}]`) };
}

/** Whether an id is named by a list entry: itself, a major (`ws@8` names `ws@8.23.0`), or a family (`ws`). */
function names(list: readonly string[], id: string): boolean {
  return list.some((entry) => entry === id || id.startsWith(`${entry}.`) || id.startsWith(`${entry}@`));
}

/** Whether a declaration's server list covers a server id (`ws@8` matches `ws@8.23.0`, `aiohttp` every aiohttp). */
export function coversServer(declared: ExpectedFailure, serverId: string): boolean {
  return declared.servers === undefined || names(declared.servers, serverId);
}

/** Whether a declaration's client list covers a client id. */
export function coversClient(declared: ExpectedFailure, clientId: string): boolean {
  return declared.clients === undefined || names(declared.clients, clientId);
}

/** The first declaration for a scenario against a server, among a client's and the server's own. */
export function findDeclaration(
  declarations: readonly ExpectedFailure[],
  scenario: string,
  serverId: string,
): ExpectedFailure | undefined {
  return declarations.find((entry) => entry.scenario === scenario && coversServer(entry, serverId));
}

/**
 * Every declaration that applies to a cell: the client's own (for this server) and the server's own
 * (for this client).
 */
export function findDeclarations(
  cell: { clientId: string; serverId: string; scenario: string },
  client: readonly ExpectedFailure[],
  server: readonly ExpectedFailure[],
): ExpectedFailure[] {
  return [
    ...client.filter(
      (entry) =>
        entry.scenario === cell.scenario &&
        coversServer(entry, cell.serverId) &&
        coversClient(entry, cell.clientId),
    ),
    ...server.filter(
      (entry) =>
        entry.scenario === cell.scenario &&
        coversClient(entry, cell.clientId) &&
        coversServer(entry, cell.serverId),
    ),
  ];
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
