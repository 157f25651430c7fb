import type { Matrix } from '../model.js';
import {
  environmentLine,
  notableCells,
  STATUS_LABEL,
  STATUS_MARK,
  scenarioGrids,
  summaryLine,
} from './_grid.js';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `matrix.md`: the summary, one table per scenario (clients x servers), then every non-pass with its reason. */
export function renderMarkdown(matrix: Matrix, options: { title?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`# ${options.title ?? 'ws-compat conformance matrix'}`, '');
  lines.push(`${summaryLine(matrix)}.`, '');
  lines.push(
    `${environmentLine(matrix)} ` +
      `Legend: ${Object.entries(STATUS_MARK)
        .map(([status, mark]) => `${mark} ${STATUS_LABEL[status as keyof typeof STATUS_LABEL]}`)
        .join(', ')}.`,
    '',
  );
  lines.push('| Implementation | Role | Runtime | Skipped |', '| --- | --- | --- | --- |');
  for (const client of matrix.clients) {
    lines.push(
      `| ${client.id} | client | ${client.runtime} | ${client.skipped === null ? '' : escapeCell(client.skipped)} |`,
    );
  }
  for (const server of matrix.servers) {
    lines.push(
      `| ${server.id} | server | ${server.runtime} | ${server.skipped === null ? '' : escapeCell(server.skipped)} |`,
    );
  }
  lines.push('');
  for (const grid of scenarioGrids(matrix)) {
    lines.push(`## ${grid.id}`, '', grid.title, '');
    lines.push(
      `| client \\ server | ${grid.servers.join(' | ')} |`,
      `| --- |${' --- |'.repeat(grid.servers.length)}`,
    );
    for (const row of grid.rows) {
      lines.push(
        `| ${row.client} | ${row.cells.map((cell) => (cell === null ? '' : STATUS_MARK[cell.status])).join(' | ')} |`,
      );
    }
    lines.push('');
  }
  const notable = notableCells(matrix);
  if (notable.length > 0) {
    lines.push(
      '## Details',
      '',
      '| Scenario | Client | Server | Status | Reason |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const cell of notable) {
      lines.push(
        `| ${cell.scenario} | ${cell.client} | ${cell.server} | ${STATUS_MARK[cell.status]} ${STATUS_LABEL[cell.status]} | ${escapeCell(cell.reason)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
