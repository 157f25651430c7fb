// A cell whose client and server are a model: each connection script is played against a perfect
// WHATWG client and a perfect echo server (the server commands included), and a lie then rewrites the
// record the way a broken implementation would. Used to prove each connection check catches its lie.
import { contentDigest, hexHead } from '../child/digest.js';
import type {
  ConnectionOutcome,
  ConnectionStep,
  ObservedEvent,
  ScriptData,
  ServerConnectionReport,
} from '../child/protocol.js';
import { SERVER_COMMAND_PREFIX } from '../child/protocol.js';
import type { ClientAdapter } from '../clients/_types.js';
import type { CellContext, ConnectionRecord, ConnectionRequest } from '../scenarios/_types.js';
import type { ServerAdapter } from '../servers/_types.js';
import { fakeCell } from './fake-cell.js';

const BINARY_TYPES = ['blob', 'arraybuffer', 'nodebuffer'];

function bytesOf(data: ScriptData): Uint8Array {
  if (data.kind === 'text') return new TextEncoder().encode(data.text.repeat(data.repeat ?? 1));
  const unit = Buffer.from(data.base64, 'base64');
  return new Uint8Array(Buffer.concat(Array.from({ length: data.repeat ?? 1 }, () => unit)));
}

function message(
  kind: Extract<ObservedEvent, { type: 'message' }>['kind'],
  bytes: Uint8Array,
  text: string | null,
): Extract<ObservedEvent, { type: 'message' }> {
  return {
    type: 'message',
    at: 0,
    kind,
    size: bytes.length,
    digest: contentDigest(bytes),
    head: text === null ? hexHead(bytes) : text.slice(0, 32),
    readyState: 1,
  };
}

/** What close(code, reason) throws per WHATWG, or null when the arguments are valid. */
function refusal(step: Extract<ConnectionStep, { op: 'close' }>): string | null {
  const code = step.code ?? undefined;
  if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) return 'InvalidAccessError';
  if (step.reason !== undefined && new TextEncoder().encode(step.reason).length > 123) return 'SyntaxError';
  return null;
}

/**
 * Which kind of implementation plays each side: `facade`, a Node or browser socket through
 * @ws-compat/socket (binary per binaryType; the Node echo server's sockets use 'arraybuffer'), or
 * `program`, a Python or Go program whose library has no binaryType (binary is `bytes`).
 */
export interface FakeSides {
  client: 'facade' | 'program';
  server: 'facade' | 'program';
}

const FACADE_SIDES: FakeSides = { client: 'facade', server: 'facade' };

/** Plays a script (peer 'server' only) against a perfect client and echo server. */
export function honestRecord(request: ConnectionRequest, sides: FakeSides = FACADE_SIDES): ConnectionRecord {
  const events: ObservedEvent[] = [];
  const server: ObservedEvent[] = [];
  let binaryType = request.binaryType ?? 'blob';
  const serverBinary = sides.server === 'program' ? 'bytes' : 'arraybuffer';
  const clientBinary = (): Extract<ObservedEvent, { type: 'message' }>['kind'] =>
    sides.client === 'program' ? 'bytes' : binaryType;
  let state = request.openTimeoutMs === 0 ? 0 : 1;
  if (state === 1) events.push({ type: 'open', at: 0, readyState: 1, protocol: '' });
  const close = (code: number, reason: string, wasClean: boolean): void => {
    state = 3;
    events.push({ type: 'close', at: 0, code, reason, wasClean, readyState: 3 });
    server.push({ type: 'close', at: 0, code, reason, wasClean, readyState: 3 });
  };
  const deliver = (event: Extract<ObservedEvent, { type: 'message' }>): void => {
    events.push(event);
    for (let index = 0; index < (request.throwingListeners ?? 0); index++)
      events.push({ type: 'listener-error', at: 0, message: 'throws on purpose' });
  };
  for (const [index, step] of request.steps.entries()) {
    let threw: string | null = null;
    if (step.op === 'binary-type' && BINARY_TYPES.includes(step.value)) {
      binaryType = step.value as typeof binaryType;
    } else if (step.op === 'send' && state === 0) {
      threw = 'InvalidStateError';
    } else if (step.op === 'send' && state === 1) {
      const bytes = bytesOf(step.data);
      const text = step.data.kind === 'text' ? new TextDecoder().decode(bytes) : null;
      server.push(message(text === null ? serverBinary : 'text', bytes, text));
      if (text?.startsWith(SERVER_COMMAND_PREFIX)) {
        const [command, code, ...rest] = text.slice(SERVER_COMMAND_PREFIX.length).split(' ');
        if (command === 'close') close(Number(code), rest.join(' '), true);
        if (command === 'close-invalid') {
          const answer = 'threw InvalidAccessError';
          deliver(message('text', new TextEncoder().encode(answer), answer));
        }
        if (command === 'throw') server.push({ type: 'listener-error', at: 0, message: 'server throws' });
      } else deliver(message(text === null ? clientBinary() : 'text', bytes, text));
    } else if (step.op === 'close') {
      threw = refusal(step);
      if (threw === null && state === 0) {
        events.push({
          type: 'error',
          at: 0,
          code: 'CLOSED_BEFORE_OPEN',
          closeCode: null,
          message: 'closed before open',
          readyState: 3,
        });
        state = 3;
        events.push({ type: 'close', at: 0, code: 1006, reason: '', wasClean: false, readyState: 3 });
      } else if (threw === null && state === 1) close(step.code ?? 1000, step.reason ?? '', true);
    }
    events.push({
      type: 'step',
      at: 0,
      index,
      op: step.op,
      threw: threw === null ? null : { name: threw, code: null, message: threw },
      readyState: state,
    });
  }
  const last = events.filter((event) => event.type === 'close').at(-1);
  const outcome: ConnectionOutcome = {
    events,
    readyStates: state === 3 ? [request.openTimeoutMs === 0 ? 0 : 1, 3] : [state],
    closed: last === undefined ? null : { code: last.code, reason: last.reason, wasClean: last.wasClean },
    finalReadyState: state,
    setupError: null,
    timedOut: null,
    durationMs: 1,
  };
  const report: ServerConnectionReport = {
    attemptKey: 'f1',
    source: 'connection-context',
    offered: null,
    mode: 'main',
    protocol: '',
    context: null,
    contextError: null,
    messages: [],
    events: server,
  };
  return {
    url: 'ws://127.0.0.1:40000/',
    result: { outcome, process: { alive: true, reason: '' } },
    server: report,
  };
}

const FACADE_CLIENT: ClientAdapter = {
  selector: 'fake-facade',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: [],
};

const FACADE_SERVER: ServerAdapter = {
  selector: 'fake-facade',
  family: 'ws',
  major: 8,
  packageName: 'ws8',
  load: () => Promise.reject(new Error('fakeConnectionCell plays connections only')),
  expectedFailures: [],
};

/**
 * A cell whose connections are the honest record, rewritten by `lie` (the identity for the control).
 * `sides` says what plays each end (default: both through the facade, as Node's do).
 */
export function fakeConnectionCell(
  lie: (record: ConnectionRecord) => ConnectionRecord,
  sides: FakeSides = FACADE_SIDES,
): CellContext {
  const base = fakeCell(() => {
    throw new Error('fakeConnectionCell plays connections only');
  });
  return {
    ...base,
    client: sides.client === 'facade' ? { ...base.client, adapter: FACADE_CLIENT } : base.client,
    server: sides.server === 'facade' ? { ...base.server, adapter: FACADE_SERVER } : base.server,
    halves: { client: true, server: true },
    connection: async (request) => lie(honestRecord(request, sides)),
  };
}
