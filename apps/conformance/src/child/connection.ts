// Runs one connection script (protocol.ts) in any client: Node children and browser pages. Only the
// WebSocket API, header-options' createWebSocket and @ws-compat/socket's wrapSocket: no `node:` imports.
import { createWebSocket } from '@ws-compat/header-options';
import { type CompatSocket, wrapSocket } from '@ws-compat/socket';
import { contentDigest, hexHead } from './digest.js';
import type {
  ConnectionOutcome,
  ConnectionSpec,
  ConnectionStep,
  ObservedEvent,
  ScriptData,
  ThrownInfo,
} from './protocol.js';

/** How often readyState is sampled while settling after the last step. */
const SETTLE_SAMPLE_MS = 20;

interface BufferLike {
  isBuffer(value: unknown): boolean;
  from(bytes: Uint8Array): Uint8Array;
}

function nodeBuffer(): BufferLike | null {
  const candidate = (globalThis as { Buffer?: BufferLike }).Buffer;
  return typeof candidate?.isBuffer === 'function' ? candidate : null;
}

/** Describes anything thrown (DOMException, TypeError, SocketError), JSON-safe. */
export function thrownInfo(error: unknown): ThrownInfo {
  if (typeof error === 'object' && error !== null) {
    const record = error as { name?: unknown; code?: unknown; message?: unknown };
    return {
      name: typeof record.name === 'string' ? record.name : 'Error',
      code: typeof record.code === 'string' ? record.code : null,
      message: typeof record.message === 'string' ? record.message : String(error),
    };
  }
  return { name: typeof error, code: null, message: String(error) };
}

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The bytes a binary ScriptData stands for (repeat applied). */
export function scriptBytes(data: Extract<ScriptData, { kind: 'binary' }>): Uint8Array {
  const unit = decodeBase64(data.base64);
  const count = data.repeat ?? 1;
  const bytes = new Uint8Array(unit.length * count);
  for (let index = 0; index < count; index++) bytes.set(unit, index * unit.length);
  return bytes;
}

/** The text a text ScriptData stands for (repeat applied). */
export function scriptText(data: Extract<ScriptData, { kind: 'text' }>): string {
  return data.text.repeat(data.repeat ?? 1);
}

/** The value handed to `send()`: a string, or the bytes in the asked view (its own buffer, offset 0). */
export function sendValue(data: ScriptData): string | ArrayBuffer | ArrayBufferView | Blob {
  if (data.kind === 'text') return scriptText(data);
  const bytes = scriptBytes(data);
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  switch (data.view) {
    case 'arraybuffer':
      return copy;
    case 'uint8array':
      return new Uint8Array(copy);
    case 'uint16array':
      return new Uint16Array(copy);
    case 'dataview':
      return new DataView(copy);
    case 'buffer':
      return nodeBuffer()?.from(bytes) ?? new Uint8Array(copy);
    case 'blob':
      return new Blob([copy]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a message's data is, its bytes (a Blob is read first), for the event record. */
async function describeData(data: unknown): Promise<{
  kind: Extract<ObservedEvent, { type: 'message' }>['kind'];
  bytes: Uint8Array | null;
  text: string | null;
}> {
  if (typeof data === 'string') return { kind: 'text', bytes: new TextEncoder().encode(data), text: data };
  const buffer = nodeBuffer();
  if (buffer?.isBuffer(data)) return { kind: 'nodebuffer', bytes: data as Uint8Array, text: null };
  if (data instanceof ArrayBuffer) return { kind: 'arraybuffer', bytes: new Uint8Array(data), text: null };
  if (typeof Blob !== 'undefined' && data instanceof Blob)
    return { kind: 'blob', bytes: new Uint8Array(await data.arrayBuffer()), text: null };
  return { kind: 'other', bytes: null, text: null };
}

/**
 * Opens one socket with `createWebSocket(impl, url, { protocols })`, wraps it at once with
 * `wrapSocket`, runs the script's steps in order and reports every event, step and readyState it saw.
 * Never throws; every wait is bounded by the script's own timeouts.
 */
export async function runConnection(impl: unknown, spec: ConnectionSpec): Promise<ConnectionOutcome> {
  const started = Date.now();
  const at = (): number => Date.now() - started;
  const events: ObservedEvent[] = [];
  const readyStates: number[] = [];
  const pending: Promise<void>[] = [];
  let closed: ConnectionOutcome['closed'] = null;
  let timedOut: string | null = null;
  let messages = 0;
  let wake: () => void = () => {};
  const changed = (): void => wake();
  const sample = (state: number): number => {
    if (readyStates.at(-1) !== state) readyStates.push(state);
    return state;
  };
  const finish = (socket: CompatSocket | null, setupError: ThrownInfo | null): ConnectionOutcome => ({
    events,
    readyStates,
    closed,
    finalReadyState: socket === null ? -1 : sample(socket.readyState),
    setupError,
    timedOut,
    durationMs: at(),
  });
  /** Resolves when `condition()` holds, or records the timeout and resolves. */
  const until = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        timedOut ??= what;
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  let socket: CompatSocket;
  try {
    // no protocols: no option at all, as users write it
    const options = spec.protocols.length === 0 ? {} : { protocols: spec.protocols };
    const Bare = impl as new (url: string, protocols?: string[]) => unknown;
    const raw =
      spec.bare === true
        ? spec.protocols.length === 0
          ? new Bare(spec.url)
          : new Bare(spec.url, spec.protocols)
        : createWebSocket(impl as never, spec.url, options);
    socket = wrapSocket(raw, {
      closeTimeoutMs: spec.closeTimeoutMs,
      ...(spec.binaryType === undefined ? {} : { binaryType: spec.binaryType }),
      onListenerError: (error) => {
        events.push({ type: 'listener-error', at: at(), message: thrownInfo(error).message });
      },
    });
  } catch (error) {
    return finish(null, thrownInfo(error));
  }
  sample(socket.readyState);
  for (let index = 0; index < spec.throwingListeners; index++) {
    socket.addEventListener('message', () => {
      throw new Error(`listener ${index + 1} throws on purpose`);
    });
  }
  socket.addEventListener('open', () => {
    events.push({ type: 'open', at: at(), readyState: sample(socket.readyState), protocol: socket.protocol });
    changed();
  });
  socket.addEventListener('message', (event) => {
    messages++;
    const slot: Extract<ObservedEvent, { type: 'message' }> = {
      type: 'message',
      at: at(),
      kind: 'other',
      size: 0,
      digest: '',
      head: '',
      readyState: sample(socket.readyState),
    };
    events.push(slot);
    pending.push(
      describeData(event.data).then(({ kind, bytes, text }) => {
        slot.kind = kind;
        slot.size = bytes?.length ?? 0;
        slot.digest = bytes === null ? '' : contentDigest(bytes);
        slot.head =
          text === null ? (bytes === null ? String(event.data) : hexHead(bytes)) : text.slice(0, 32);
      }),
    );
    changed();
  });
  socket.addEventListener('error', (event) => {
    const error = (event as { error?: unknown }).error;
    const info = thrownInfo(error ?? event);
    events.push({
      type: 'error',
      at: at(),
      code: info.code,
      closeCode: (error as { closeCode?: number | null } | undefined)?.closeCode ?? null,
      message: (event as { message?: string }).message ?? info.message,
      readyState: sample(socket.readyState),
    });
    changed();
  });
  socket.addEventListener('close', (event) => {
    events.push({
      type: 'close',
      at: at(),
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
      readyState: sample(socket.readyState),
    });
    changed();
  });
  socket.closed.then((info) => {
    closed = { code: info.code, reason: info.reason, wasClean: info.wasClean };
    changed();
  });

  if (spec.openTimeoutMs > 0) {
    await until(() => socket.readyState !== 0, spec.openTimeoutMs, 'open');
  }
  for (const [index, step] of spec.steps.entries()) {
    const threw = await runStep(socket, step, {
      messages: () => messages,
      closed: () => closed !== null,
      until,
    });
    events.push({
      type: 'step',
      at: at(),
      index,
      op: step.op,
      threw,
      readyState: sample(socket.readyState),
    });
  }
  const settleUntil = Date.now() + spec.settleMs;
  while (Date.now() < settleUntil) {
    await delay(SETTLE_SAMPLE_MS);
    sample(socket.readyState);
  }
  await Promise.all(pending);
  return finish(socket, null);
}

interface StepState {
  messages(): number;
  closed(): boolean;
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void>;
}

async function runStep(
  socket: CompatSocket,
  step: ConnectionStep,
  state: StepState,
): Promise<ThrownInfo | null> {
  try {
    switch (step.op) {
      case 'binary-type':
        (socket as { binaryType: string }).binaryType = step.value;
        return null;
      case 'send':
        socket.send(sendValue(step.data));
        return null;
      case 'await-messages':
        await state.until(
          () => state.messages() >= step.count,
          step.timeoutMs,
          `${step.count} messages (got ${state.messages()})`,
        );
        return null;
      case 'close':
        if (!('code' in step)) socket.close();
        else if (!('reason' in step)) socket.close(step.code ?? undefined);
        else socket.close(step.code ?? undefined, step.reason);
        return null;
      case 'await-close':
        await state.until(() => state.closed(), step.timeoutMs, 'the close event');
        return null;
      case 'wait':
        await delay(step.ms);
        return null;
    }
  } catch (error) {
    return thrownInfo(error);
  }
}
