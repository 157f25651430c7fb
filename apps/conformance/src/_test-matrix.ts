import type { CellResult, Matrix } from './model.js';
import { summarize } from './status.js';

/** A small matrix for report and merge tests. */
export function sampleMatrix(cells: CellResult[], overrides: Partial<Matrix> = {}): Matrix {
  return {
    schema: 1,
    generatedAt: '2026-11-22T00:00:00.000Z',
    environment: { node: '20.20.2', platform: 'linux-x64' },
    clients: [
      { id: 'ws@8.23.0', family: 'ws', version: '8.23.0', runtime: 'node@20.20.2', skipped: null },
      { id: 'undici@5.29.0', family: 'undici', version: '5.29.0', runtime: 'node@20.20.2', skipped: null },
    ],
    servers: [
      { id: 'ws@2.3.1', family: 'ws', version: '2.3.1', runtime: 'node@18.20.8', skipped: null },
      { id: 'ws@8.23.0', family: 'ws', version: '8.23.0', runtime: 'node@18.20.8', skipped: null },
    ],
    scenarios: [
      { id: 'subprotocol', title: 'Subprotocols' },
      { id: 'multi-protocol', title: 'Two protocols' },
    ],
    cells,
    summary: summarize(cells),
    ...overrides,
  };
}

export function cell(
  client: string,
  server: string,
  scenario: string,
  status: CellResult['status'],
  reason = '',
): CellResult {
  return { client, server, scenario, status, reason, durationMs: 12 };
}

export const SAMPLE_CELLS: CellResult[] = [
  cell('ws@8.23.0', 'ws@2.3.1', 'subprotocol', 'pass'),
  cell('ws@8.23.0', 'ws@8.23.0', 'subprotocol', 'pass'),
  cell('undici@5.29.0', 'ws@2.3.1', 'subprotocol', 'fail', 'no echo | <script>alert(1)</script>'),
  cell('undici@5.29.0', 'ws@8.23.0', 'subprotocol', 'skipped', 'Node 20 is not available'),
  cell('ws@8.23.0', 'ws@8.23.0', 'multi-protocol', 'pass'),
  cell('undici@5.29.0', 'ws@8.23.0', 'multi-protocol', 'expected-fail', 'one protocol only'),
];
