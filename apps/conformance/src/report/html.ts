import type { CellResult, CellStatus, Matrix } from '../model.js';
import {
  environmentLine,
  familyOverview,
  notableCells,
  STATUS_LABEL,
  scenarioGrids,
  summaryLine,
} from './_grid.js';
import { cellAnchor, recordedRequests, requestLines } from './_requests.js';

const COLOURS: Record<CellStatus, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  'expected-fail': '#f9a825',
  'unexpected-pass': '#6a1b9a',
  skipped: '#9e9e9e',
};

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `matrix.html`: one self-contained page (inline CSS, no scripts, no external assets). */
export function renderHtml(matrix: Matrix): string {
  const statusCss = (Object.keys(COLOURS) as CellStatus[])
    .map((status) => `.s-${status}{background:${COLOURS[status]}}`)
    .join('');
  const counts: [CellStatus, number][] = [
    ['pass', matrix.summary.pass],
    ['fail', matrix.summary.fail],
    ['expected-fail', matrix.summary.expectedFail],
    ['unexpected-pass', matrix.summary.unexpectedPass],
    ['skipped', matrix.summary.skipped],
  ];
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ws-compat conformance matrix</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.badge{color:#fff;padding:6px 12px;border-radius:6px;font-weight:600}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
td.cell{width:64px;height:22px;color:#fff;text-align:center;font-size:12px}
td.empty{background:#f5f5f5}
.meta{color:#555}
td.cell a{color:#fff;text-decoration:none;display:block}
.drill{display:none;border:1px solid #ccc;border-radius:6px;padding:8px 12px;margin:8px 0}
.drill:target{display:block}
.drill pre{background:#f5f5f5;padding:8px;overflow-x:auto;font-size:12px;margin:4px 0 12px}
${statusCss}
</style></head><body>`);
  parts.push(`<h1>ws-compat conformance matrix</h1>`);
  parts.push(
    `<p class="meta" id="environment">${escapeHtml(summaryLine(matrix))}. ${escapeHtml(environmentLine(matrix))}</p>`,
  );
  parts.push(
    `<div class="summary" id="summary">${counts
      .map(
        ([status, count]) =>
          `<span class="badge s-${status}" data-status="${status}">${escapeHtml(STATUS_LABEL[status])}: ${count}</span>`,
      )
      .join('')}</div>`,
  );
  // the overview first: each scenario for each client family, the worst status; a cell opens the grid
  const overview = familyOverview(matrix);
  parts.push('<h2 id="overview">Overview: scenario × client family (worst status)</h2>');
  parts.push('<table class="overview"><tr><th>scenario \\ client family</th>');
  for (const family of overview.families) parts.push(`<th>${escapeHtml(family)}</th>`);
  parts.push('</tr>');
  for (const row of overview.rows) {
    parts.push(
      `<tr><th title="${escapeHtml(row.title)}"><a href="#${escapeHtml(row.scenario)}">${escapeHtml(row.scenario)}</a></th>`,
    );
    for (const cell of row.cells) {
      if (cell === null) {
        parts.push('<td class="cell empty"></td>');
        continue;
      }
      const label =
        cell.status === 'pass' ? 'pass' : `${shortLabel(cell.status)} ${cell.count}/${cell.total}`;
      parts.push(
        `<td class="cell s-${cell.status}" data-status="${cell.status}" title="${escapeHtml(`${STATUS_LABEL[cell.status]}: ${cell.count} of ${cell.total} cells`)}"><a href="#${escapeHtml(row.scenario)}">${escapeHtml(label)}</a></td>`,
      );
    }
    parts.push('</tr>');
  }
  parts.push('</table>');
  parts.push(
    '<table><tr><th>Implementation</th><th>Role</th><th>Language</th><th>Engine</th><th>Runtime</th><th>Skipped</th></tr>',
  );
  for (const [role, list] of [
    ['client', matrix.clients],
    ['server', matrix.servers],
  ] as const) {
    for (const entry of list) {
      parts.push(
        `<tr><td>${escapeHtml(entry.id)}</td><td>${role}</td><td>${escapeHtml(entry.language ?? '')}</td><td>${escapeHtml(entry.engine ?? '')}</td><td>${escapeHtml(entry.runtime)}</td><td>${escapeHtml(entry.skipped ?? '')}</td></tr>`,
      );
    }
  }
  parts.push('</table>');
  const indexOf = new Map<CellResult, number>(matrix.cells.map((cell, index) => [cell, index]));
  for (const grid of scenarioGrids(matrix)) {
    parts.push(`<h2 id="${escapeHtml(grid.id)}">${escapeHtml(grid.id)}</h2><p>${escapeHtml(grid.title)}</p>`);
    parts.push(`<table class="grid" data-scenario="${escapeHtml(grid.id)}"><tr><th>client \\ server</th>`);
    for (const server of grid.servers) parts.push(`<th>${escapeHtml(server)}</th>`);
    parts.push('</tr>');
    for (const row of grid.rows) {
      parts.push(`<tr><th>${escapeHtml(row.client)}</th>`);
      for (const cell of row.cells) {
        if (cell === null) {
          parts.push('<td class="cell empty"></td>');
          continue;
        }
        const hover = `${STATUS_LABEL[cell.status]}${cell.reason ? `: ${cell.reason}` : ''} (${cell.durationMs} ms)`;
        parts.push(
          `<td class="cell s-${cell.status}" data-status="${cell.status}" title="${escapeHtml(hover)}"><a href="#${cellAnchor(indexOf.get(cell) ?? -1)}">${escapeHtml(shortLabel(cell.status))}</a></td>`,
        );
      }
      parts.push('</tr>');
    }
    parts.push('</table>');
  }
  const notable = notableCells(matrix);
  parts.push(`<h2 id="details">Details</h2>`);
  if (notable.length === 0) parts.push('<p>Every cell passed.</p>');
  else {
    parts.push('<ul class="details">');
    for (const cell of notable) {
      parts.push(
        `<li><details><summary><span class="badge s-${cell.status}">${escapeHtml(STATUS_LABEL[cell.status])}</span> ${escapeHtml(cell.scenario)}: ${escapeHtml(cell.client)} → ${escapeHtml(cell.server)}</summary><p>${escapeHtml(cell.reason)}</p><p><a href="#${cellAnchor(indexOf.get(cell) ?? -1)}">the request bytes</a></p></details></li>`,
      );
    }
    parts.push('</ul>');
  }
  // every cell's drill-down, shown when a grid cell links to it (:target): reason and request bytes
  parts.push(
    '<h2 id="cells">Cells</h2><p class="meta">Open a cell from a grid to see its reason and the exact bytes of every request it sent.</p>',
  );
  for (const [index, cell] of matrix.cells.entries()) parts.push(renderDrillDown(cell, index));
  parts.push('</body></html>\n');
  return parts.join('\n');
}

/** One cell's drill-down: status, pairing, duration, reason, then each attempt's request head. */
function renderDrillDown(cell: CellResult, index: number): string {
  const requests = recordedRequests(cell);
  const body =
    requests === null
      ? '<p class="meta">Request bytes: not recorded in this matrix.json (its cells have no <code>requests</code>).</p>'
      : requests.length === 0
        ? '<p class="meta">No attempt recorded.</p>'
        : requests
            .map(
              (entry, attempt) =>
                `<p>Attempt ${attempt + 1}: <code>${escapeHtml(entry.url)}</code></p>${
                  entry.request === null
                    ? '<p class="meta">No request reached the recorder.</p>'
                    : `<pre>${escapeHtml(requestLines(entry.request).join('\n'))}</pre>`
                }`,
            )
            .join('');
  return `<section class="drill" id="${cellAnchor(index)}" data-status="${cell.status}"><h3><span class="badge s-${cell.status}">${escapeHtml(STATUS_LABEL[cell.status])}</span> ${escapeHtml(cell.scenario)}: ${escapeHtml(cell.client)} → ${escapeHtml(cell.server)} (${cell.durationMs} ms)</h3><p class="reason">${escapeHtml(cell.reason === '' ? 'no note' : cell.reason)}</p>${body}<p><a href="#${escapeHtml(cell.scenario)}">back to the ${escapeHtml(cell.scenario)} grid</a></p></section>`;
}

function shortLabel(status: CellStatus): string {
  return status === 'pass'
    ? 'pass'
    : status === 'fail'
      ? 'FAIL'
      : status === 'expected-fail'
        ? 'xfail'
        : status === 'unexpected-pass'
          ? 'XPASS'
          : 'skip';
}
