// @ts-check

/**
 * @typedef {object} LoadReport the shape of reports/load/load.json (issue 8)
 * @property {{ bare: number; ours: number; ratio: number; handWritten: number; oursAllChecks: number; vsHandWritten: number; control: number; upgradeAllChecks: number; vsHandWrittenUpgrade: number } | null} handshake
 *   `ratio`: trustProxy only / bare; `vsHandWritten`: all checks (withConnectionContext) / the same checks by
 *   hand; `control`: bare / bare (A/A); `upgradeAllChecks`: handshakes/s with all checks through
 *   createUpgradeHandler; `vsHandWrittenUpgrade`: that server / the same checks by hand
 * @property {{ client: string; ratio: number; control: number }[] | null} connect
 *   `ratio`: connect() / the direct constructor; `control`: direct / direct in the same client (A/A)
 * @property {{ connections: number; errors: number; heapPerConnectionBytes: number; rssPerConnectionBytes: number } | null} concurrency
 * @property {{ cycles: number; heapGrowthBytes: number; errors: number } | null} soak
 * @property {{ honest: number; honestFailed: number; hostile: number; unexpectedStatus: number; serverCrashed: boolean } | null} hostile
 * @property {Record<string, boolean>} targets
 */

/** Soak: heap growth from the first checkpoint to the last must stay under this (issue 8: 5 MB). */
export const soakHeapGrowthLimitBytes = 5_000_000;
/** Hostile: the server's heap after the mix must be back within this of its baseline. */
export const hostileHeapReturnLimitBytes = 2_000_000;
/** Throughput ratios (ours / bare, connect() / new WebSocket) must be at least this. */
export const ratioTarget = 0.97;

/**
 * One named target per promise of issue 8; a part that did not run misses its targets.
 *
 * @param {Omit<LoadReport, 'targets'>} report
 * @param {{ plannedConnections: number; hostileHeapGrowthBytes: number | null }} extra
 * @returns {Record<string, boolean>}
 */
export function evaluateTargets(report, extra) {
  /** @type {Record<string, boolean>} */
  const targets = {};
  targets['handshake.ratio>=0.97'] = report.handshake !== null && report.handshake.ratio >= ratioTarget;
  targets['handshake.vsHandWritten>=0.97'] =
    report.handshake !== null && report.handshake.vsHandWritten >= ratioTarget;
  targets['handshake.vsHandWrittenUpgrade>=0.97'] =
    report.handshake !== null && report.handshake.vsHandWrittenUpgrade >= ratioTarget;
  if (report.connect === null || report.connect.length === 0) {
    targets['connect.ratio>=0.97'] = false;
  } else {
    for (const entry of report.connect)
      targets[`connect.${entry.client}.ratio>=0.97`] = entry.ratio >= ratioTarget;
  }
  targets['concurrency.allConnectionsHeld'] =
    report.concurrency !== null && report.concurrency.connections === extra.plannedConnections;
  targets['concurrency.zeroErrors'] = report.concurrency !== null && report.concurrency.errors === 0;
  targets['soak.heapGrowth<5MB'] =
    report.soak !== null && report.soak.heapGrowthBytes < soakHeapGrowthLimitBytes;
  targets['soak.zeroErrors'] = report.soak !== null && report.soak.errors === 0;
  targets['hostile.honestAllEchoed'] = report.hostile !== null && report.hostile.honestFailed === 0;
  targets['hostile.exactStatuses'] = report.hostile !== null && report.hostile.unexpectedStatus === 0;
  targets['hostile.serverAlive'] = report.hostile !== null && !report.hostile.serverCrashed;
  targets['hostile.memoryBackToBaseline'] =
    extra.hostileHeapGrowthBytes !== null && extra.hostileHeapGrowthBytes < hostileHeapReturnLimitBytes;
  return targets;
}

/**
 * Left-aligned text table.
 *
 * @param {readonly string[]} header
 * @param {readonly (readonly string[])[]} rows
 */
export function formatTable(header, rows) {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (/** @type {readonly string[]} */ cells) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * Bytes in decimal units, as the targets are written (5 MB = 5,000,000 bytes).
 *
 * @param {number} bytes
 */
export function formatBytes(bytes) {
  const size = Math.abs(bytes);
  if (size < 10_000) return `${bytes} B`;
  if (size < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
