import {
  closedEarly,
  type Failure,
  fromError,
  fromObservation,
  rejected,
  subprotocolFailure,
} from './classify.js';
import { argumentsFor } from './create.js';
import { HandshakeError, HeaderOptionsError } from './errors.js';
import {
  WS_PAUSED_FLAG,
  WS_RAW_SOCKET_FIELD,
  WS_RESPONSE_EVENTS,
  WS_UNEXPECTED_RESPONSE_EVENT,
} from './implementations/capabilities.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import {
  checkSubprotocol,
  createObservation,
  type HandshakeObservation,
} from './implementations/handshake-guard.js';
import type { WsSocket } from './implementations/ws.js';
import type { ClientOptions } from './options.js';
import { planHandshake } from './plan.js';
import { describeValue } from './validate.js';

/** Options for {@link connect}: the client options plus how long to wait and how to give up. */
export interface ConnectOptions extends ClientOptions {
  /** Reject with `TIMEOUT` when the socket is not open after this many ms; default 10000. */
  timeoutMs?: number | undefined;
  /** Reject with `ABORTED` (and close the socket) when this signal aborts. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface EventTargetSocket {
  readonly readyState: number;
  readonly protocol: string;
  addEventListener(type: string, listener: (event: never) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
  close(): void;
}

/**
 * Opens a WebSocket and resolves when it is open; rejects with a {@link HandshakeError} on every
 * implementation, even those that never fire `close` after a failed handshake (undici 5 and 6).
 * On rejection the socket is closed or terminated and no listener of ours is left on it.
 *
 * @param WebSocketImpl - ws, undici, Node's global or a browser's WebSocket class.
 * @param url - the `ws:` or `wss:` URL.
 * @param options - see {@link ConnectOptions}.
 * @returns the open socket.
 * @throws {HeaderOptionsError} (as a rejection) when the options cannot be sent; nothing was opened.
 * @throws {HandshakeError} (as a rejection) `REFUSED`, `REJECTED` (with `status` where the
 *   implementation exposes it), `SUBPROTOCOL`, `TIMEOUT`, `ABORTED` or `NETWORK` (with `cause`).
 */
export function connect<T extends WebSocketConstructor>(
  WebSocketImpl: T,
  url: string | URL,
  options: ConnectOptions = {},
): Promise<InstanceType<T>> {
  return new Promise<InstanceType<T>>((resolve, reject) => {
    // The client options are read once by planHandshake; these two are read once here.
    const { timeoutMs, signal } = readConnectOptions(options);
    const plan = planHandshake(WebSocketImpl, url, options);
    const target = plan.url;
    if (signal?.aborted) {
      reject(
        new HandshakeError('ABORTED', `Connecting to ${target} was aborted before it started`, {
          cause: signal.reason,
        }),
      );
      return;
    }
    const observation = createObservation();
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Listeners go on synchronously after construction, so no event can be missed in between.
    let watcher: Watcher | undefined;
    const onAbort = (): void => {
      finish({ code: 'ABORTED', message: `Connecting to ${target} was aborted`, cause: signal?.reason });
    };

    const socket = new WebSocketImpl(...(argumentsFor(plan, observation) as never[])) as InstanceType<T>;
    const family = plan.implementation.kind === 'browser' ? 'the browser' : plan.implementation.kind;
    // Watch by what the socket is, not by the kind it was called as: a ws socket (an EventEmitter that
    // throws on an unheard 'error') stays one even under implementation: 'browser'.
    if (isWsSocket(socket)) {
      watcher = watchWs(socket, target, plan.protocols, finish);
    } else if (hasEventTarget(socket)) {
      const undiciFamily = plan.implementation.kind === 'undici' || plan.implementation.kind === 'node';
      // Capability row undici-global-dispatcher: with no dispatcher to wrap, say so in every NETWORK error.
      const note =
        undiciFamily && !observation.guarded
          ? ' (connect() could not install its handshake guard: there is no undici dispatcher to wrap, so the status, error code and subprotocol are unknown; pass native: { dispatcher: new Agent() })'
          : '';
      watcher = watchEventTarget(socket, target, plan.protocols, observation, family, note, finish);
    } else {
      const close = (socket as { close?: unknown }).close;
      if (typeof close === 'function') close.call(socket);
      throw new HeaderOptionsError(
        'INVALID_OPTION',
        `connect() cannot watch this ${family} socket: it has neither addEventListener() nor on() and terminate(); use createWebSocket() and listen yourself`,
      );
    }
    timer = setTimeout(() => {
      finish({
        code: 'TIMEOUT',
        message: `The WebSocket handshake with ${target} did not complete within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    function finish(failure: Failure | null): void {
      if (settled || watcher === undefined) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure === null) {
        watcher.detach();
        resolve(socket);
        return;
      }
      watcher.abandon();
      reject(
        new HandshakeError(failure.code, failure.message, {
          status: failure.status ?? null,
          cause: failure.cause,
        }),
      );
    }
  });
}

function readConnectOptions(options: unknown): { timeoutMs: number; signal: AbortSignal | undefined } {
  if (options === null || typeof options !== 'object')
    return { timeoutMs: DEFAULT_TIMEOUT_MS, signal: undefined };
  const source = options as Record<string, unknown>;
  const timeoutMs = source['timeoutMs'] === undefined ? DEFAULT_TIMEOUT_MS : source['timeoutMs'];
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 2_147_483_647) {
    throw new HeaderOptionsError(
      'INVALID_OPTION',
      `"timeoutMs" must be a number of milliseconds between 1 and 2147483647, got ${describeValue(timeoutMs)}`,
    );
  }
  const signal = source['signal'];
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new HeaderOptionsError(
      'INVALID_OPTION',
      `"signal" must be an AbortSignal (e.g. AbortSignal.timeout(5000) or an AbortController's signal), got ${describeValue(signal)}`,
    );
  }
  return { timeoutMs, signal };
}

/** By shape, so an AbortSignal from another realm or a polyfill is accepted too. */
function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AbortSignal>;
  return (
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function'
  );
}

function hasEventTarget(socket: object): socket is EventTargetSocket {
  const candidate = socket as Partial<EventTargetSocket>;
  return (
    typeof candidate.addEventListener === 'function' && typeof candidate.removeEventListener === 'function'
  );
}

function isWsSocket(socket: object): socket is WsSocket {
  const candidate = socket as Partial<WsSocket>;
  return (
    typeof candidate.on === 'function' &&
    typeof candidate.removeListener === 'function' &&
    typeof candidate.terminate === 'function'
  );
}

interface Watcher {
  /** Remove our listeners from an open socket. */
  detach(): void;
  /** Close or terminate a socket whose handshake failed, then remove our listeners. */
  abandon(): void;
}

function watchWs(
  socket: WsSocket,
  target: string,
  offered: readonly string[],
  finish: (failure: Failure | null) => void,
): Watcher {
  // Capability row ws-response-event: the 101's headers, before ws checks them, so the subprotocol
  // is judged by RFC 6455 here (ws words that failure differently in every major).
  let violation: string | null = null;
  const check = (headers: Record<string, unknown> | undefined): void => {
    const header = headers?.['sec-websocket-protocol'];
    violation ??= checkSubprotocol(typeof header === 'string' ? [header] : [], offered);
  };
  const onUpgrade = (response: { headers?: Record<string, unknown> }): void => check(response.headers);
  const onHeaders = (headers: Record<string, unknown>): void => check(headers);
  const onOpen = (): void => {
    holdIncomingData(socket);
    finish(null);
  };
  // Capability row ws-unexpected-response: the status as a number.
  const onUnexpectedResponse = (
    request: { destroy?: () => void; abort?: () => void },
    response: { statusCode?: number },
  ): void => {
    const status = typeof response.statusCode === 'number' ? response.statusCode : null;
    if (typeof request.destroy === 'function') request.destroy();
    else request.abort?.();
    finish(rejected(target, status));
  };
  // Capability row ws-error-code: REFUSED from the system error's code.
  const onError = (error: Error & { code?: string }): void =>
    finish(
      violation === null ? fromError(error, target, 'ws') : subprotocolFailure(violation, target, error),
    );
  const onClose = (code: number): void => {
    finish(closedEarly(target, code));
    detach();
  };
  // After a failure ws emits `error` (on the next tick) and then `close`: keep swallowing until then.
  const onLateError = (): void => {};
  const detach = (): void => {
    socket.removeListener(WS_RESPONSE_EVENTS.upgrade, onUpgrade);
    socket.removeListener(WS_RESPONSE_EVENTS.headers, onHeaders);
    socket.removeListener('open', onOpen);
    socket.removeListener(WS_UNEXPECTED_RESPONSE_EVENT, onUnexpectedResponse);
    socket.removeListener('error', onError);
    socket.removeListener('error', onLateError);
    socket.removeListener('close', onClose);
  };
  socket.on(WS_RESPONSE_EVENTS.upgrade, onUpgrade);
  socket.on(WS_RESPONSE_EVENTS.headers, onHeaders);
  socket.on('open', onOpen);
  socket.on(WS_UNEXPECTED_RESPONSE_EVENT, onUnexpectedResponse);
  socket.on('error', onError);
  socket.on('close', onClose);
  return {
    detach,
    abandon() {
      socket.removeListener('error', onError);
      socket.on('error', onLateError);
      if (socket.readyState === 3) {
        detach();
        return;
      }
      socket.terminate();
    },
  };
}

function watchEventTarget(
  socket: EventTargetSocket,
  target: string,
  offered: readonly string[],
  observation: HandshakeObservation,
  family: string,
  note: string,
  finish: (failure: Failure | null) => void,
): Watcher {
  const onOpen = (): void => {
    const violation = checkSubprotocol(socket.protocol ? [socket.protocol] : [], offered);
    finish(violation === null ? null : subprotocolFailure(violation, target));
  };
  const onError = (event: { message?: unknown; error?: unknown }): void => {
    finish(
      fromObservation(observation, target) ??
        fromError(event.error ?? event, target, family, event.message, note),
    );
  };
  const onClose = (event: { code?: number }): void => {
    finish(fromObservation(observation, target) ?? closedEarly(target, event.code, note));
  };
  const detach = (): void => {
    socket.removeEventListener('open', onOpen);
    socket.removeEventListener('error', onError);
    socket.removeEventListener('close', onClose);
  };
  socket.addEventListener('open', onOpen);
  socket.addEventListener('error', onError);
  socket.addEventListener('close', onClose);
  return {
    detach,
    abandon() {
      detach();
      if (socket.readyState !== 3) socket.close();
    },
  };
}

/**
 * ws emits the messages that arrived with the 101 response on the next tick, before the caller's
 * `await connect()` continues and attaches a listener: they would be lost. Hold the TCP socket until
 * the next macrotask, which runs after that continuation. (undici and browsers queue them later.)
 * The macrotask is setImmediate's: it runs once the current I/O callback and every microtask it
 * queued are done, without the 1 ms minimum and the timers phase of setTimeout(0), which made every
 * connect() on ws wait at least a millisecond longer than the direct constructor.
 *
 * Only bytes that came in the same read as the 101 are at risk: ws has put them back into the
 * socket's buffer (`unshift`) before it emits `open`, and anything read later arrives in a later I/O
 * callback, after the continuation. So with an empty buffer (almost every connection: servers seldom
 * send with the 101) there is nothing to hold, and connect() skips the pause, the macrotask and the
 * resume. A socket that does not say how much it buffers is held as before.
 * Capability row ws-raw-socket: the only internal field read.
 */
function holdIncomingData(socket: WsSocket): void {
  const raw = (
    socket as unknown as Record<
      string,
      { pause?: unknown; resume?: unknown; readableLength?: unknown } | undefined
    >
  )[WS_RAW_SOCKET_FIELD];
  if (
    raw === undefined ||
    raw === null ||
    raw.readableLength === 0 ||
    typeof raw.pause !== 'function' ||
    typeof raw.resume !== 'function'
  ) {
    return;
  }
  const { pause, resume } = raw as { pause: () => void; resume: () => void };
  pause.call(raw);
  const release = (): void => {
    // ws 8 has its own pause(); leave the socket paused if the caller asked for that meanwhile.
    if ((socket as unknown as Record<string, unknown>)[WS_PAUSED_FLAG] !== true) resume.call(raw);
  };
  if (typeof setImmediate === 'function') setImmediate(release);
  else setTimeout(release, 0);
}
