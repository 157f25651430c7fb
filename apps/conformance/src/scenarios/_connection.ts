// Checks shared by the whole-connection scenarios: what a connection record must show, and the raw
// wire-kit peer (a server that writes exact bytes) for the scenarios that need a misbehaving one.
import {
  closeFrame,
  decodeClosePayload,
  type Frame,
  Opcode,
  type RawConnection,
  type RawServerOptions,
  startRawServer,
} from '@ws-compat/wire';
import { contentDigest } from '../child/digest.js';
import type {
  ConnectionOutcome,
  ConnectionStep,
  ObservedEvent,
  ScriptData,
  ServerConnectionReport,
} from '../child/protocol.js';
import { Checks } from './_checks.js';
import type { CellContext, ConnectionRecord, Scenario } from './_types.js';

export type MessageEvent = Extract<ObservedEvent, { type: 'message' }>;
export type CloseEvent = Extract<ObservedEvent, { type: 'close' }>;
export type ErrorEvent = Extract<ObservedEvent, { type: 'error' }>;
export type StepEvent = Extract<ObservedEvent, { type: 'step' }>;

/** How long a script waits for a message or a close before the scenario calls it missing. */
export const WAIT_MS = 3_000;

/** Non-ASCII on purpose: Latin-1, CJK, an astral character (a surrogate pair in JS). */
export const NON_ASCII_TEXT = 'héllo wörld ✓ 日本 🎉';

/** The 256 byte values, in order. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, index) => index);

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function textData(text: string, repeat?: number): ScriptData {
  return repeat === undefined ? { kind: 'text', text } : { kind: 'text', text, repeat };
}

/** The size and digest a message of this text or these bytes must arrive with. */
export function expected(content: string | Uint8Array): { size: number; digest: string } {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { size: bytes.length, digest: contentDigest(bytes) };
}

export function eventsOf<T extends ObservedEvent['type']>(
  outcome: ConnectionOutcome,
  type: T,
): Extract<ObservedEvent, { type: T }>[] {
  return outcome.events.filter((event): event is Extract<ObservedEvent, { type: T }> => event.type === type);
}

function showEvent(event: ObservedEvent): string {
  switch (event.type) {
    case 'message':
      return `message ${event.kind} ${event.size} B`;
    case 'close':
      return `close ${event.code} ${JSON.stringify(event.reason)} clean=${event.wasClean}`;
    case 'error':
      return `error ${event.code ?? '(no code)'}`;
    case 'step':
      return `step ${event.op}${event.threw === null ? '' : ` threw ${event.threw.name}`}`;
    default:
      return event.type;
  }
}

/** The events in short, for failure reasons: `open, message text 5 B, close 1000 "" clean=true`. */
export function showEvents(events: readonly ObservedEvent[] | undefined): string {
  return events === undefined || events.length === 0 ? '(none)' : events.map(showEvent).join(', ');
}

/**
 * The client process lived through the script and reported an outcome; returns the outcome (null when
 * it died: the failure says how, with "the client process died").
 */
export function lived(checks: Checks, record: ConnectionRecord, label: string): ConnectionOutcome | null {
  const { outcome, process } = record.result;
  if (outcome === null) {
    checks.that(false, `${label}: the client process died: ${process.reason}`);
    return null;
  }
  checks.that(
    process.alive,
    `${label}: the client process does not answer after the script: ${process.reason}`,
  );
  if (outcome.setupError !== null) {
    checks.that(
      false,
      `${label}: creating the socket threw ${outcome.setupError.name}: ${outcome.setupError.message}`,
    );
    return null;
  }
  return outcome;
}

/** The socket opened (one open event). */
export function opened(checks: Checks, outcome: ConnectionOutcome, label: string): boolean {
  return checks.that(
    eventsOf(outcome, 'open').length === 1,
    `${label}: expected one open event, saw ${showEvents(outcome.events)}`,
  );
}

/**
 * No error event: a connection that should stay healthy failed. Records one failure naming the first
 * error's code and message (the root cause; the checks after it would only repeat it) and returns false.
 */
export function noErrors(checks: Checks, outcome: ConnectionOutcome, label: string): boolean {
  const error = eventsOf(outcome, 'error')[0];
  return checks.that(
    error === undefined,
    `${label}: the connection failed: error ${error?.code ?? '(no code)'}: ${error?.message} (events: ${showEvents(outcome.events)})`,
  );
}

/**
 * The outcome of a connection that should have stayed healthy: the process lived, the socket opened,
 * no error came. Otherwise null, with the failure recorded.
 */
export function healthy(checks: Checks, record: ConnectionRecord, label: string): ConnectionOutcome | null {
  const outcome = lived(checks, record, label);
  if (outcome === null || !opened(checks, outcome, label) || !noErrors(checks, outcome, label)) return null;
  return outcome;
}

/**
 * The end of a healthy script: close(1000, 'done') and wait for the close event. With a reason: a bare
 * close(1000) is an empty close frame on ws 3 (1005 at the other end), which close-both-ways covers.
 */
export const CLOSE_DONE: readonly ConnectionStep[] = [
  { op: 'close', code: 1000, reason: 'done' },
  { op: 'await-close', timeoutMs: WAIT_MS },
];

/** A message arrived as `kind` with exactly the content. */
export function expectMessage(
  checks: Checks,
  message: MessageEvent | undefined,
  kind: MessageEvent['kind'],
  content: string | Uint8Array,
  label: string,
): void {
  if (message === undefined) {
    checks.that(false, `${label}: no message arrived`);
    return;
  }
  checks.that(message.kind === kind, `${label}: arrived as ${message.kind}, expected ${kind}`);
  const { size, digest } = expected(content);
  checks.that(
    message.size === size && message.digest === digest,
    `${label}: content differs: ${message.size} B digest ${message.digest} (${message.head}), expected ${size} B digest ${digest}`,
  );
}

/** Which side's library a close event came from, for the note a null wasClean records. */
export type CloseSide = 'client' | 'server';

/**
 * The note a cell records where a close event's wasClean is null: the side's library reports none,
 * so the check was not made (its code and reason still were). The same text for every close of a
 * side, so a cell notes it once.
 */
export function noWasCleanNote(side: CloseSide): string {
  return `${side}: its library reports no wasClean, so wasClean was not checked (code and reason were)`;
}

/**
 * Judges a close event's wasClean: a boolean must be `want` (a library that says true for an unclean
 * close fails); null, the library reports none, is not judged and records {@link noWasCleanNote}
 * once. Returns whether the check was made and held, false for null.
 */
export function expectWasClean(
  checks: Checks,
  wasClean: boolean | null,
  want: boolean,
  side: CloseSide,
  label: string,
): boolean {
  if (wasClean === null) {
    const note = noWasCleanNote(side);
    if (!checks.notes.includes(note)) checks.note(note);
    return false;
  }
  return checks.that(wasClean === want, `${label}: wasClean ${wasClean}, expected ${want}`);
}

/**
 * A close event's `[code, reason, wasClean]` (reason left out when `want.reason` is) equals `want`,
 * labelled `label [code, reason, wasClean]`. A null wasClean is left out of the comparison and of the
 * label, and records {@link noWasCleanNote}: the code and reason are still compared.
 */
export function expectCloseFields(
  checks: Checks,
  close: CloseEvent | undefined,
  want: { code: number; reason?: string; wasClean: boolean },
  side: CloseSide,
  label: string,
): void {
  const judged = close?.wasClean !== null;
  if (!judged) expectWasClean(checks, null, want.wasClean, side, label);
  const fields = (event: { code: number; reason?: string; wasClean: boolean | null }): unknown[] => [
    event.code,
    ...(want.reason === undefined ? [] : [event.reason]),
    ...(judged ? [event.wasClean] : []),
  ];
  const names = ['code', ...(want.reason === undefined ? [] : ['reason']), ...(judged ? ['wasClean'] : [])];
  checks.equal(close === undefined ? null : fields(close), fields(want), `${label} [${names.join(', ')}]`);
}

/**
 * Exactly one close event, with the code (and reason and wasClean when given: see
 * {@link expectWasClean} for a library that reports no wasClean), `closed` settled with the same,
 * readyState 3 in the event and for good after it.
 */
export function expectOneClose(
  checks: Checks,
  outcome: ConnectionOutcome,
  want: { code: number | readonly number[]; reason?: string; wasClean?: boolean },
  label: string,
): CloseEvent | undefined {
  const closes = eventsOf(outcome, 'close');
  if (
    !checks.that(closes.length === 1, `${label}: expected one close event, saw ${showEvents(outcome.events)}`)
  )
    return undefined;
  const close = closes[0]!;
  const codes = typeof want.code === 'number' ? [want.code] : want.code;
  checks.that(
    codes.includes(close.code),
    `${label}: close code ${close.code}, expected ${codes.join(' or ')}`,
  );
  if (want.reason !== undefined) checks.equal(close.reason, want.reason, `${label}: close reason`);
  if (want.wasClean !== undefined) expectWasClean(checks, close.wasClean, want.wasClean, 'client', label);
  checks.that(close.readyState === 3, `${label}: readyState ${close.readyState} in the close event`);
  checks.equal(
    outcome.closed,
    { code: close.code, reason: close.reason, wasClean: close.wasClean },
    `${label}: closed settled with`,
  );
  checks.that(
    outcome.finalReadyState === 3 && outcome.readyStates.at(-1) === 3,
    `${label}: readyState did not stay 3 (history ${outcome.readyStates.join(' -> ')})`,
  );
  return close;
}

/** The server's socket reported these events (through the facade), or the failure says none came. */
export function serverEvents(
  checks: Checks,
  report: ServerConnectionReport | null,
  label: string,
): ObservedEvent[] {
  if (report === null) {
    checks.that(false, `${label}: the server reported no connection`);
    return [];
  }
  return report.events ?? [];
}

/** A raw wire-kit server for one scenario: closed (every connection destroyed) whatever happens. */
export async function withRawServer<T>(
  options: RawServerOptions,
  use: (server: { url: string; next(): Promise<RawConnection> }) => Promise<T>,
): Promise<T> {
  const server = await startRawServer(options);
  try {
    return await use({ url: `${server.url}raw`, next: () => server.nextConnection(WAIT_MS) });
  } finally {
    await server.close();
  }
}

/**
 * The kind a binary message must arrive as where binaryType is not what the scenario proves: what the
 * facade gives with binaryType 'arraybuffer' (Node clients, browsers, the Node servers' wrapped
 * sockets), or `bytes` for a side that is a program outside Node (Python, Go), whose library has no
 * binaryType and gives its language's byte string.
 */
export function binaryKind(cell: CellContext, side: 'client' | 'server'): MessageEvent['kind'] {
  const program =
    side === 'client' ? cell.client.adapter.runtime.kind === 'program' : 'program' in cell.server.adapter;
  return program ? 'bytes' : 'arraybuffer';
}

/** Whether the client under test runs in a browser (no 'nodebuffer', no Node process). */
export function inBrowser(cell: CellContext): boolean {
  return cell.client.adapter.runtime.kind === 'browser';
}

/**
 * The raw peer's side of a clean end: answers the client's close frame with one of its own (same code)
 * and half-closes, bounded; returns the client's close frame, or null.
 */
export async function answerClose(connection: RawConnection): Promise<Frame | null> {
  try {
    for (;;) {
      const frame = await connection.nextFrame(WAIT_MS);
      if (frame.opcode === Opcode.CLOSE) {
        await connection.write(closeFrame(decodeClosePayload(frame.payload).code ?? 1000));
        connection.end();
        return frame;
      }
    }
  } catch {
    return null;
  }
}

/** The text a script sends right after open so a raw peer knows the client saw `open` (see awaitOpened). */
export const OPENED_TEXT = 'opened';

/** The first step of a script whose raw peer misbehaves: tells the peer that `open` was dispatched. */
export const SAY_OPENED: ConnectionStep = { op: 'send', data: textData(OPENED_TEXT) };

/**
 * Waits for the client's SAY_OPENED message, bounded: a peer that writes a bad frame right behind the
 * 101 races the client's `open` (Firefox fails the connection before dispatching it), so it waits.
 * Returns false when the message never came (the client did not open, or sent something else first).
 */
export async function awaitOpened(connection: RawConnection): Promise<boolean> {
  try {
    const frame = await connection.nextFrame(WAIT_MS);
    return frame.opcode === Opcode.TEXT && frame.payload.toString() === OPENED_TEXT;
  } catch {
    return false;
  }
}

/** One half of a two-sided scenario: the client against a raw peer, or a raw peer against the server. */
export type Half = (cell: CellContext, checks: Checks) => Promise<void>;

/** A scenario's run from its two halves: each runs only when the cell judges that side. */
export function byHalves(clientSide: Half, serverSide: Half): Scenario['run'] {
  return async (cell) => {
    const checks = new Checks();
    if (cell.halves.client) await clientSide(cell, checks);
    if (cell.halves.server) await serverSide(cell, checks);
    return checks.verdict();
  };
}
