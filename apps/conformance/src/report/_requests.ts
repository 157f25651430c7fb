import { showBytes } from '../http-head.js';
import { type CellResult, REQUEST_HEAD_CUT_MARKER, type RecordedRequest } from '../model.js';

export type { RecordedRequest } from '../model.js';

function isRecordedRequest(value: unknown): value is RecordedRequest {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { url?: unknown; request?: unknown };
  return typeof entry.url === 'string' && (typeof entry.request === 'string' || entry.request === null);
}

/**
 * The requests a cell recorded, or null when its `matrix.json` does not carry them (made before the
 * cell model had `requests`, or by a runner that does not record them): the report says so instead of
 * showing an empty list.
 */
export function recordedRequests(cell: CellResult): readonly RecordedRequest[] | null {
  const value: unknown = cell.requests;
  if (!Array.isArray(value)) return null;
  return value.filter(isRecordedRequest);
}

/**
 * A request head as lines to show: split at CRLF (the trailing empty line dropped), every byte outside
 * printable ASCII as `\xNN`, so a bare LF, a NUL or a Latin-1 byte is visible where it was sent; a
 * head the runner cut ends with a last line saying so.
 */
export function requestLines(bytes: string): string[] {
  const cut = bytes.endsWith(REQUEST_HEAD_CUT_MARKER);
  const head = cut ? bytes.slice(0, -REQUEST_HEAD_CUT_MARKER.length) : bytes;
  const lines = head.split('\r\n');
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const shown = lines.map(showBytes);
  if (cut) shown.push('(cut here: the recorded head keeps its first 8 KiB)');
  return shown;
}

/** The anchor of a cell's drill-down in matrix.html: its index in `matrix.cells`. */
export function cellAnchor(index: number): string {
  return `cell-${index}`;
}
