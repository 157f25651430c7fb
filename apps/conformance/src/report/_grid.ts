import type { CellResult, CellStatus, Matrix } from '../model.js';

/** Short marks for the terminal and Markdown. */
export const STATUS_MARK: Record<CellStatus, string> = {
  pass: '✅',
  fail: '❌',
  'expected-fail': '⚠️',
  'unexpected-pass': '❗',
  skipped: '⏭️',
};

export const STATUS_LABEL: Record<CellStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  'expected-fail': 'expected fail',
  'unexpected-pass': 'unexpected pass',
  skipped: 'skipped',
};

/** One scenario's grid: clients as rows, the servers the scenario ran against as columns. */
export interface ScenarioGrid {
  id: string;
  title: string;
  servers: string[];
  rows: { client: string; cells: (CellResult | null)[] }[];
}

export function scenarioGrids(matrix: Matrix): ScenarioGrid[] {
  const byKey = new Map(matrix.cells.map((cell) => [`${cell.client}|${cell.server}|${cell.scenario}`, cell]));
  return matrix.scenarios.map((scenario) => {
    const cells = matrix.cells.filter((cell) => cell.scenario === scenario.id);
    const servers = matrix.servers
      .map((server) => server.id)
      .filter((id) => cells.some((cell) => cell.server === id));
    const clients = matrix.clients
      .map((client) => client.id)
      .filter((id) => cells.some((cell) => cell.client === id));
    return {
      id: scenario.id,
      title: scenario.title,
      servers,
      rows: clients.map((client) => ({
        client,
        cells: servers.map((server) => byKey.get(`${client}|${server}|${scenario.id}`) ?? null),
      })),
    };
  });
}

/** Cells worth listing with their reasons: everything but plain passes. */
export function notableCells(matrix: Matrix): CellResult[] {
  return matrix.cells.filter((cell) => cell.status !== 'pass');
}

export function summaryLine(matrix: Matrix): string {
  const { pass, fail, expectedFail, unexpectedPass, skipped } = matrix.summary;
  return `${matrix.cells.length} cells: ${pass} pass, ${fail} fail, ${expectedFail} expected-fail, ${unexpectedPass} unexpected-pass, ${skipped} skipped`;
}

/**
 * When and where the matrix was made, and the exact runtimes its cells ran on (the Node versions are
 * the ones `tooling/node-runtimes/runtimes.lock.json` names).
 */
export function environmentLine(matrix: Matrix): string {
  const { node, platform, runtimes } = matrix.environment;
  const used = runtimes === undefined || runtimes === '' ? '' : `; runtimes: ${runtimes}`;
  return `Generated ${matrix.generatedAt} on Node ${node} (${platform})${used}.`;
}

/** Worst first: what an overview cell shows when its cells differ. */
const SEVERITY: readonly CellStatus[] = ['fail', 'unexpected-pass', 'skipped', 'expected-fail', 'pass'];

/** One overview cell: a scenario for one client family, its worst status and how many cells had it. */
export interface OverviewCell {
  status: CellStatus;
  count: number;
  total: number;
}

/** The overview: scenarios as rows, client families (report order) as columns, the worst status of each. */
export function familyOverview(matrix: Matrix): {
  families: string[];
  rows: { scenario: string; title: string; cells: (OverviewCell | null)[] }[];
} {
  const families = [...new Set(matrix.clients.map((client) => client.family))];
  const familyOf = new Map(matrix.clients.map((client) => [client.id, client.family]));
  const rows = matrix.scenarios.map((scenario) => ({
    scenario: scenario.id,
    title: scenario.title,
    cells: families.map((family): OverviewCell | null => {
      const cells = matrix.cells.filter(
        (cell) => cell.scenario === scenario.id && familyOf.get(cell.client) === family,
      );
      if (cells.length === 0) return null;
      const status = SEVERITY.find((candidate) => cells.some((cell) => cell.status === candidate)) ?? 'pass';
      return { status, count: cells.filter((cell) => cell.status === status).length, total: cells.length };
    }),
  }));
  return { families, rows };
}
