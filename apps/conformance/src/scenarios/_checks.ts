import type { ErrorInfo } from '../child/protocol.js';
import { headerLines, type ParsedHead, showBytes } from '../http-head.js';
import type { Verdict } from '../status.js';
import type { AttemptRecord, AttemptRequest, CellContext } from './_types.js';

/** Collects what did not hold; the verdict names the first few, in order. */
export class Checks {
  readonly failures: string[] = [];
  readonly notes: string[] = [];

  /** Records a failure unless `condition`; returns `condition`. */
  that(condition: boolean, failure: string): boolean {
    if (!condition) this.failures.push(failure);
    return condition;
  }

  /** Deep equality through JSON (order matters). */
  equal(actual: unknown, expected: unknown, label: string): boolean {
    const left = JSON.stringify(actual);
    const right = JSON.stringify(expected);
    return this.that(left === right, `${label}: expected ${right}, got ${left}`);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  verdict(): Verdict {
    if (this.failures.length === 0)
      return this.notes.length > 0 ? { ok: true, note: this.notes.join('; ') } : { ok: true };
    const shown = this.failures.slice(0, 3).join('; ');
    const more = this.failures.length > 3 ? ` (+${this.failures.length - 3} more)` : '';
    const failed = { ok: false as const, reason: shown + more, failures: [...this.failures] };
    return this.notes.length > 0 ? { ...failed, note: this.notes.join('; ') } : failed;
  }
}

/**
 * Runs the attempts one after another, each offering `['chat']`: a browser lets only one WebSocket per
 * host be CONNECTING, so attempts started together would queue behind each other (and a silent
 * server's attempt would miss its timeout).
 */
export async function attemptsInTurn<Name extends string>(
  cell: CellContext,
  attempts: Readonly<Record<Name, Omit<AttemptRequest, 'options'>>>,
): Promise<Record<Name, AttemptRecord>> {
  const records = {} as Record<Name, AttemptRecord>;
  for (const [name, request] of Object.entries(attempts) as [Name, Omit<AttemptRequest, 'options'>][])
    records[name] = await cell.attempt({ ...request, options: { protocols: ['chat'] } });
  return records;
}

/** How late after timeoutMs a failed connect() may settle (a loaded 2-core machine). */
export const LATE_SLACK_MS = 2_000;

/**
 * The attempt failed as a HandshakeError with `code` (and `status`, unless null), within its
 * `timeoutMs` plus {@link LATE_SLACK_MS}; the failures are labelled `label: ...`.
 */
export function expectHandshakeError(
  checks: Checks,
  record: AttemptRecord,
  label: string,
  expected: { code: string; status: number | null; timeoutMs: number },
): void {
  const { outcome } = record;
  if (outcome.opened) {
    checks.that(false, `${label}: opened instead of failing with ${expected.code}`);
    return;
  }
  const error = outcome.error;
  checks.that(
    error?.name === 'HandshakeError' &&
      error.code === expected.code &&
      (expected.status === null || error.status === expected.status),
    `${label}: expected HandshakeError ${expected.code}${expected.status === null ? '' : ` (status ${expected.status})`}, got ${describeFailure(error)}`,
  );
  checks.that(
    outcome.durationMs <= expected.timeoutMs + LATE_SLACK_MS,
    `${label}: settled after ${outcome.durationMs} ms, beyond timeoutMs ${expected.timeoutMs}`,
  );
}

export function describeFailure(error: ErrorInfo | null): string {
  if (error === null) return 'no error';
  const code = error.code === null ? '' : ` ${error.code}`;
  const status = error.status === null ? '' : ` (status ${error.status})`;
  return `${error.name}${code}${status}: ${error.message}`;
}

/**
 * The attempt opened and exchanged a message end to end; otherwise records why not. Returns whether
 * the rest of the checks make sense.
 */
export function expectOpened(checks: Checks, record: AttemptRecord, label: string): boolean {
  if (!record.outcome.opened) {
    checks.that(false, `${label}: connect() failed: ${describeFailure(record.outcome.error)}`);
    return false;
  }
  checks.that(record.outcome.echoed === true, `${label}: the echo did not come back`);
  checks.that(record.request !== null, `${label}: the recorder saw no request head`);
  checks.that(record.server !== null, `${label}: the server reported no connection`);
  if (record.server !== null && record.server.context === null) {
    checks.that(
      false,
      `${label}: no connection context on the server: ${record.server.contextError ?? 'unknown'}`,
    );
  }
  return record.request !== null && record.server !== null;
}

/**
 * The attempt was refused before any byte left the client: the error code, no connection. A client
 * outside Node has no header-options codes: there, its own API must refuse (any error) before a
 * connection is made; a native client that sends the request anyway fails with "sent to the server".
 */
export function expectRefusedUpFront(
  checks: Checks,
  cell: CellContext,
  record: AttemptRecord,
  code: string,
  label: string,
): void {
  const { error } = record.outcome;
  if (cell.client.adapter.runtime.kind === 'program') {
    const sent = record.connections.filter((connection) => connection.request.length > 0).length;
    checks.that(
      !record.outcome.opened && sent === 0,
      `${label}: sent to the server by the client's own API (${sent} request(s)${record.outcome.opened ? ', opened' : ''}${firstLine(record)})`,
    );
    return;
  }
  if (record.outcome.opened) checks.that(false, `${label}: opened instead of being refused with ${code}`);
  else {
    checks.that(
      error?.code === code && error.name === 'HeaderOptionsError',
      `${label}: expected HeaderOptionsError ${code}, got ${describeFailure(error)}`,
    );
  }
  checks.that(
    record.connections.length === 0,
    `${label}: ${record.connections.length} connection(s) reached the recorder${firstLine(record)}`,
  );
}

function firstLine(record: AttemptRecord): string {
  const request = record.connections[0]?.request;
  if (request === undefined || request.length === 0) return '';
  return ` (sent ${JSON.stringify(showBytes(request.subarray(0, 80).toString('latin1')))})`;
}

/** The lines whose names start with `prefix` (case-insensitive), as `name: value` with raw bytes. */
export function customLines(head: ParsedHead | null, prefix = 'x-'): string[] {
  if (head === null) return [];
  return head.headers
    .filter((line) => line.name.toLowerCase().startsWith(prefix))
    .map((line) => showBytes(`${line.name}: ${line.value}`));
}

/** Every offered/selected subprotocol in a head, split on commas across all lines. */
export function protocolList(head: ParsedHead | null): string[] {
  if (head === null) return [];
  return headerLines(head, 'sec-websocket-protocol')
    .flatMap((line) => line.value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** A server-side header value from the context report. */
export function contextHeader(record: AttemptRecord, name: string): string | null {
  const entry = record.server?.context?.headers.find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry === undefined ? null : entry[1];
}

/**
 * The control attempt of the refusal scenarios: a valid request through the same recorder setup must
 * arrive, so "the recorder saw no connection" means something.
 */
export async function expectControlArrives(
  checks: Checks,
  cell: CellContext,
  path: string,
): Promise<boolean> {
  const options = cell.client.adapter.capabilities.headers
    ? { headers: { shape: 'record' as const, value: { 'X-Fine': '1' } } }
    : { protocols: ['chat'] };
  const control = await cell.attempt({ path, options });
  const opened = expectOpened(checks, control, 'control (valid options)');
  if (opened)
    checks.that(
      control.connections.length === 1,
      `control: ${control.connections.length} connections recorded`,
    );
  return opened;
}
