// Runs one connection script (protocol.ts) in any client: Node children and browser pages. Only the
// WebSocket API, header-options' createWebSocket and @ws-compat/socket's wrapSocket (or a Node library's
// own API through its driver, native-client.ts): no `node:` imports.
import { createWebSocket } from '@ws-compat/header-options';
import { type CompatSocket, wrapSocket } from '@ws-compat/socket';
import { contentDigest, hexHead, messageRecord } from './digest.js';
import { type CloseArguments, type NativeClientDriver, nativeDriverOf } from './native-client.js';
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

/** The socket a script drives, whichever opened it: the facade, or a library's own API. */
interface ScriptTarget {
  readyState(): number;
  protocol(): string;
  setBinaryType(value: string): void;
  send(data: ScriptData): void;
  close(args: CloseArguments): void;
}

/** What the opened socket reports to the script's record. */
interface ScriptHooks {
  open(): void;
  message(data: unknown): void;
  error(code: string | null, closeCode: number | null, message: string): void;
  /** `wasClean` null: the library reports none (a native driver) */
  close(code: number, reason: string, wasClean: boolean | null): void;
  closed(info: { code: number; reason: string; wasClean: boolean | null }): void;
  listenerError(error: unknown): void;
}

/**
 * Opens with `createWebSocket(impl, url, { protocols })` (or the bare constructor), wraps at once with
 * `wrapSocket` and adds the script's throwing listeners before the recording ones.
 */
function openFacade(impl: unknown, spec: ConnectionSpec, hooks: ScriptHooks): ScriptTarget {
  // no protocols: no option at all, as users write it
  const options = spec.protocols.length === 0 ? {} : { protocols: spec.protocols };
  const Bare = impl as new (url: string, protocols?: string[]) => unknown;
  const raw =
    spec.bare === true
      ? spec.protocols.length === 0
        ? new Bare(spec.url)
        : new Bare(spec.url, spec.protocols)
      : createWebSocket(impl as never, spec.url, options);
  const socket: CompatSocket = wrapSocket(raw, {
    closeTimeoutMs: spec.closeTimeoutMs,
    ...(spec.binaryType === undefined ? {} : { binaryType: spec.binaryType }),
    onListenerError: hooks.listenerError,
  });
  for (let index = 0; index < spec.throwingListeners; index++) {
    socket.addEventListener('message', () => {
      throw new Error(`listener ${index + 1} throws on purpose`);
    });
  }
  socket.addEventListener('open', hooks.open);
  socket.addEventListener('message', (event) => hooks.message(event.data));
  socket.addEventListener('error', (event) => {
    const error = (event as { error?: unknown }).error;
    const info = thrownInfo(error ?? event);
    hooks.error(
      info.code,
      (error as { closeCode?: number | null } | undefined)?.closeCode ?? null,
      (event as { message?: string }).message ?? info.message,
    );
  });
  socket.addEventListener('close', (event) => hooks.close(event.code, event.reason, event.wasClean));
  socket.closed.then(hooks.closed);
  return {
    readyState: () => socket.readyState,
    protocol: () => socket.protocol,
    setBinaryType: (value) => {
      (socket as { binaryType: string }).binaryType = value;
    },
    send: (data) => socket.send(sendValue(data)),
    close: (args) => socket.close(...(args as [number?, string?])),
  };
}

/**
 * Opens with a library's own API through its driver. A library has no `closed` promise: its one close
 * notification stands for both. Its binary messages are whatever it hands over (a Buffer for the Node
 * libraries); bytes go to its own send call whatever view the script names (users of these APIs convert
 * to a Buffer); an initial binaryType is set as the first thing, where the library has one.
 */
function openNative(driver: NativeClientDriver, spec: ConnectionSpec, hooks: ScriptHooks): ScriptTarget {
  const socket = driver.open(
    spec.url,
    spec.protocols,
    {
      open: hooks.open,
      message: hooks.message,
      error: (message) => hooks.error(null, null, message),
      close: (code, reason, wasClean) => {
        hooks.close(code, reason, wasClean);
        hooks.closed({ code, reason, wasClean });
      },
    },
    { closeTimeoutMs: spec.closeTimeoutMs },
  );
  if (spec.binaryType !== undefined) socket.setBinaryType?.(spec.binaryType);
  return {
    readyState: socket.readyState,
    protocol: socket.protocol,
    setBinaryType: (value) => socket.setBinaryType?.(value),
    send: (data) => socket.send(data.kind === 'text' ? scriptText(data) : scriptBytes(data)),
    close: (args) => socket.close(...args),
  };
}

/** A close step's arguments: an absent field is an omitted argument, `code: null` an explicit undefined. */
export function closeArguments(step: Extract<ConnectionStep, { op: 'close' }>): CloseArguments {
  if (!('code' in step)) return [];
  if (!('reason' in step) || step.reason === undefined) return [step.code ?? undefined];
  return [step.code ?? undefined, step.reason];
}

/**
 * Opens one socket, runs the script's steps in order and reports every event, step and readyState it
 * saw. A class that carries a native driver (`withNativeDriver`) is driven with its library's own API;
 * any other is opened with `createWebSocket(impl, url, { protocols })` and wrapped at once with
 * `wrapSocket`. Never throws; every wait is bounded by the script's own timeouts.
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
  let target: ScriptTarget | null = null;
  let wake: () => void = () => {};
  const changed = (): void => wake();
  const sample = (state: number): number => {
    if (readyStates.at(-1) !== state) readyStates.push(state);
    return state;
  };
  const state = (): number => sample(target?.readyState() ?? 0);
  const finish = (setupError: ThrownInfo | null): ConnectionOutcome => ({
    events,
    readyStates,
    closed,
    finalReadyState: target === null ? -1 : state(),
    setupError,
    timedOut,
    durationMs: at(),
  });
  /** Resolves when `condition()` holds, or records the timeout and resolves. */
  const until = async (
    condition: () => boolean,
    timeoutMs: number,
    what: string | (() => string),
  ): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        timedOut ??= typeof what === 'string' ? what : what();
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
  const hooks: ScriptHooks = {
    open() {
      events.push({ type: 'open', at: at(), readyState: state(), protocol: target?.protocol() ?? '' });
      changed();
    },
    message(data) {
      messages++;
      // filled in once the data is read (a Blob is read asynchronously)
      const slot = messageRecord(null, at(), state());
      events.push(slot);
      pending.push(
        describeData(data).then(({ kind, bytes, text }) => {
          slot.kind = kind;
          slot.size = bytes?.length ?? 0;
          slot.digest = bytes === null ? '' : contentDigest(bytes);
          slot.head = text === null ? (bytes === null ? String(data) : hexHead(bytes)) : text.slice(0, 32);
        }),
      );
      changed();
    },
    error(code, closeCode, message) {
      events.push({ type: 'error', at: at(), code, closeCode, message, readyState: state() });
      changed();
    },
    close(code, reason, wasClean) {
      events.push({ type: 'close', at: at(), code, reason, wasClean, readyState: state() });
      changed();
    },
    closed(info) {
      closed = { code: info.code, reason: info.reason, wasClean: info.wasClean };
      changed();
    },
    listenerError(error) {
      events.push({ type: 'listener-error', at: at(), message: thrownInfo(error).message });
    },
  };

  try {
    const driver = nativeDriverOf(impl);
    target = driver === null ? openFacade(impl, spec, hooks) : openNative(driver, spec, hooks);
  } catch (error) {
    return finish(thrownInfo(error));
  }
  const socket = target;
  state();
  if (spec.openTimeoutMs > 0) {
    await until(() => socket.readyState() !== 0, spec.openTimeoutMs, 'open');
  }
  for (const [index, step] of spec.steps.entries()) {
    const threw = await runStep(socket, step, {
      messages: () => messages,
      closed: () => closed !== null,
      missed: (what) => {
        timedOut ??= what;
      },
      until,
    });
    events.push({ type: 'step', at: at(), index, op: step.op, threw, readyState: state() });
  }
  const settleUntil = Date.now() + spec.settleMs;
  while (Date.now() < settleUntil) {
    await delay(SETTLE_SAMPLE_MS);
    state();
  }
  await Promise.all(pending);
  return finish(null);
}

interface StepState {
  messages(): number;
  closed(): boolean;
  /** records what a wait missed when it ended before its condition held (the first one counts) */
  missed(what: string): void;
  /** `what` names the missed condition; a function is read when the wait times out (counts at its end) */
  until(condition: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void>;
}

async function runStep(
  socket: ScriptTarget,
  step: ConnectionStep,
  state: StepState,
): Promise<ThrownInfo | null> {
  try {
    switch (step.op) {
      case 'binary-type':
        socket.setBinaryType(step.value);
        return null;
      case 'send':
        socket.send(step.data);
        return null;
      case 'await-messages':
        // a closed socket gets no more messages: the wait ends there instead of at its timeout
        await state.until(
          () => state.messages() >= step.count || state.closed(),
          step.timeoutMs,
          () => `${step.count} messages (got ${state.messages()})`,
        );
        if (state.messages() < step.count)
          state.missed(`${step.count} messages (got ${state.messages()}, then the close)`);
        return null;
      case 'close':
        socket.close(closeArguments(step));
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
