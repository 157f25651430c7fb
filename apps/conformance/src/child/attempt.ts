// Runs in every client: Node children and the browser page. Only the WebSocket API and header-options.
import * as headerOptions from '@ws-compat/header-options';
import type { AttemptOptions, AttemptOutcome, AttemptSpec, ErrorInfo, HeaderShape } from './protocol.js';

/** The part of header-options' contract the attempt calls, checked at run time (the package may be mid-edit). */
interface ConnectApi {
  connect(impl: unknown, url: string, options: Record<string, unknown>): Promise<unknown>;
}

/** What the attempt needs of any WebSocket instance: ws (EventEmitter + EventTarget shim) or WHATWG. */
interface SocketLike {
  protocol?: string;
  readyState?: number;
  send(data: string): void;
  close(code?: number): void;
  addEventListener?(type: string, listener: (event: { data?: unknown }) => void): void;
  on?(type: string, listener: (...args: unknown[]) => void): void;
}

/** Bound on closing after a successful attempt. */
const CLOSE_WAIT_MS = 2_000;
/** Grace beyond connect()'s own timeout before the attempt calls it unsettled. */
const SETTLE_GRACE_MS = 2_500;

/** Collects warnings across the process: deprecation warnings are once per process, so totals matter. */
export class WarningLog {
  readonly all: string[] = [];
  add(message: string): void {
    this.all.push(message);
  }
}

/** Records `console.warn` calls (browsers; libraries that warn that way) into the log. */
export function captureConsoleWarnings(log: WarningLog): void {
  const original = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    log.add(args.map((value) => (value instanceof Error ? value.message : String(value))).join(' '));
    original(...args);
  };
}

/** Rebuilds a header init from its JSON shape. */
export function decodeHeaders(shape: HeaderShape): unknown {
  switch (shape.shape) {
    case 'record':
      return shape.value;
    case 'headers': {
      const headers = new Headers();
      for (const [name, value] of shape.entries) {
        for (const single of Array.isArray(value) ? value : [value]) headers.append(name, single);
      }
      return headers;
    }
    case 'map':
      return new Map(shape.entries);
    case 'pairs':
      return shape.entries.map(([name, value]) => [name, value]);
  }
}

function decodeOptions(options: AttemptOptions): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const isHeaderInit =
      key === 'headers' ||
      key === 'extraHeaders' ||
      key === 'additionalHeaders' ||
      key === 'extra_headers' ||
      key === 'additional_headers';
    decoded[key] = isHeaderInit ? decodeHeaders(value as HeaderShape) : value;
  }
  return decoded;
}

export function describeError(error: unknown, synchronous: boolean): ErrorInfo {
  if (typeof error === 'object' && error !== null) {
    const record = error as { name?: unknown; code?: unknown; status?: unknown; message?: unknown };
    return {
      name: typeof record.name === 'string' ? record.name : 'Error',
      code: typeof record.code === 'string' ? record.code : null,
      status: typeof record.status === 'number' ? record.status : null,
      message: typeof record.message === 'string' ? record.message : String(error),
      synchronous,
    };
  }
  return { name: typeof error, code: null, status: null, message: String(error), synchronous };
}

function listen(socket: SocketLike, type: string, listener: (data: unknown) => void): void {
  if (typeof socket.addEventListener === 'function') {
    socket.addEventListener(type, (event) => listener(event?.data));
  } else if (typeof socket.on === 'function') {
    socket.on(type, (data: unknown) => listener(data));
  }
}

function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return String(data);
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/**
 * Opens one WebSocket with header-options' `connect()` as the spec says, exchanges one message when
 * asked, closes it, and reports what happened. Never throws; every wait is bounded.
 */
export async function performAttempt(
  impl: unknown,
  spec: AttemptSpec,
  log: WarningLog,
): Promise<AttemptOutcome> {
  const started = Date.now();
  const outcome = (fields: Partial<AttemptOutcome>): AttemptOutcome => ({
    opened: false,
    protocol: null,
    echoed: null,
    error: null,
    ...fields,
    warnings: [...log.all],
    durationMs: Date.now() - started,
  });
  const api = headerOptions as unknown as Partial<ConnectApi>;
  if (typeof api.connect !== 'function') {
    return outcome({
      error: {
        name: 'MissingExport',
        code: null,
        status: null,
        message: '@ws-compat/header-options does not export connect() yet',
        synchronous: true,
      },
    });
  }
  let pending: Promise<unknown>;
  try {
    pending = api.connect(impl, spec.url, { ...decodeOptions(spec.options), timeoutMs: spec.timeoutMs });
  } catch (error) {
    return outcome({ error: describeError(error, true) });
  }
  const unsettled = Symbol('unsettled');
  let socket: SocketLike;
  try {
    const settled = await Promise.race([pending, delay(spec.timeoutMs + SETTLE_GRACE_MS, unsettled)]);
    if (settled === unsettled) {
      return outcome({
        error: {
          name: 'Unsettled',
          code: null,
          status: null,
          message: `connect() neither resolved nor rejected within ${spec.timeoutMs + SETTLE_GRACE_MS} ms (timeoutMs ${spec.timeoutMs})`,
          synchronous: false,
        },
      });
    }
    socket = settled as SocketLike;
  } catch (error) {
    return outcome({ error: describeError(error, false) });
  }
  const protocol = typeof socket.protocol === 'string' ? socket.protocol : null;
  const closed = new Promise<boolean>((resolve) => listen(socket, 'close', () => resolve(true)));
  let echoed: boolean | null = null;
  if (spec.exchange) {
    const nonce = `echo:${Math.random().toString(36).slice(2)}`;
    const received = new Promise<boolean>((resolve) => {
      listen(socket, 'message', (data) => {
        if (textOf(data) === nonce) resolve(true);
      });
    });
    socket.send(nonce);
    echoed = await Promise.race([received, delay(spec.timeoutMs, false)]);
  }
  socket.close(1000);
  await Promise.race([closed, delay(CLOSE_WAIT_MS, false)]);
  return outcome({ opened: true, protocol, echoed });
}
