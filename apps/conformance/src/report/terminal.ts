import type { CellResult, Matrix } from '../model.js';
import { STATUS_LABEL, summaryLine } from './_grid.js';

/** The compact table printed at the end: one row per scenario, one column per status. */
export function renderSummaryTable(matrix: Matrix): string {
  const header = ['scenario', 'pass', 'fail', 'xfail', 'xpass', 'skip'];
  const rows = matrix.scenarios.map((scenario) => {
    const cells = matrix.cells.filter((cell) => cell.scenario === scenario.id);
    const count = (status: CellResult['status']): string =>
      String(cells.filter((cell) => cell.status === status).length);
    return [
      scenario.id,
      count('pass'),
      count('fail'),
      count('expected-fail'),
      count('unexpected-pass'),
      count('skipped'),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (row: string[]): string =>
    row
      .map((value, column) =>
        column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!),
      )
      .join('  ');
  const lines = [format(header), ...rows.map(format), '', summaryLine(matrix)];
  const problems = matrix.cells.filter((cell) => cell.status === 'fail' || cell.status === 'unexpected-pass');
  for (const cell of problems.slice(0, 30)) {
    lines.push(
      `  ${STATUS_LABEL[cell.status]}: ${cell.scenario} ${cell.client} -> ${cell.server}: ${cell.reason}`,
    );
  }
  if (problems.length > 30) lines.push(`  ... and ${problems.length - 30} more in matrix.md`);
  lines.push(...describeSkips(matrix));
  return lines.join('\n');
}

/**
 * Skipped cells, one line per reason: how many, which clients against which servers, and why
 * (a skip proves nothing, so it is never silent).
 */
export function describeSkips(matrix: Pick<Matrix, 'cells'>): string[] {
  const groups = new Map<string, { count: number; clients: Set<string>; servers: Set<string> }>();
  for (const cell of matrix.cells) {
    if (cell.status !== 'skipped') continue;
    const group = groups.get(cell.reason) ?? { count: 0, clients: new Set(), servers: new Set() };
    group.count++;
    group.clients.add(cell.client);
    group.servers.add(cell.server);
    groups.set(cell.reason, group);
  }
  return [...groups].map(
    ([reason, group]) =>
      `  skipped: ${group.count} ${group.count === 1 ? 'cell' : 'cells'}, ${[...group.clients].join(', ')} -> ${[...group.servers].join(', ')}: ${reason || '(no reason given)'}`,
  );
}
