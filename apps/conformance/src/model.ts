/** What happened to one client x server x scenario cell. */
export type CellStatus = 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass' | 'skipped';

export interface CellResult {
  client: string;
  server: string;
  scenario: string;
  status: CellStatus;
  /** why it failed, what was declared, why it was skipped; a note for a pass */
  reason: string;
  durationMs: number;
  /** each attempt's URL and request head, in attempt order (absent in older reports and on cells that never started) */
  requests?: RecordedRequest[];
}

/**
 * One attempt of a cell: the URL the client was given and the exact bytes of the request head the
 * recorder saw (one char per byte, Latin-1, up to and including the blank line, capped), or null when
 * no request reached it (a refusal before connecting, a refused port).
 */
export interface RecordedRequest {
  url: string;
  request: string | null;
}

/**
 * Ends a recorded request head that was cut (the bytes before it are the head's first 8 KiB). Its
 * first character is above U+00FF, so no byte of a Latin-1 head can be mistaken for it.
 */
export const REQUEST_HEAD_CUT_MARKER = '\u2026[cut at 8 KiB]';

export interface ImplementationEntry {
  id: string;
  family: string;
  version: string;
  /** e.g. `node@22.23.3`, `chromium@156.0.8078.79`, `python@3.11.2`, `go@1.19.8` */
  runtime: string;
  /** what the implementation is written in: `javascript`, `python`, `go` (absent in older reports) */
  language?: string;
  /** what runs it: `v8 (node@20.20.2)`, `blink/v8 (chromium@...)`, `uvicorn@0.17.6 on cpython` */
  engine?: string;
  /** why the whole column or row was not run, else null */
  skipped: string | null;
}

export interface ScenarioEntry {
  id: string;
  title: string;
}

export interface Summary {
  pass: number;
  fail: number;
  expectedFail: number;
  unexpectedPass: number;
  skipped: number;
}

/** `matrix.json`, in the schema of shared/ARCHITECTURE.md. */
export interface Matrix {
  schema: 1;
  generatedAt: string;
  environment: {
    /** the Node that ran the CLI */
    node: string;
    platform: string;
    /** every runtime a cell ran on, exact: `node@18.20.8, node@20.20.2, chromium@156.0.8078.114` */
    runtimes?: string;
    [key: string]: string;
  };
  clients: ImplementationEntry[];
  servers: ImplementationEntry[];
  scenarios: ScenarioEntry[];
  cells: CellResult[];
  summary: Summary;
}

/** The key that identifies a cell across shards and runs. */
export function cellKey(cell: { client: string; server: string; scenario: string }): string {
  return `${cell.client}|${cell.server}|${cell.scenario}`;
}
