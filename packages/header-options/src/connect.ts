import { argumentsFor } from './create.js';
import { HandshakeError, type HandshakeErrorCode, HeaderOptionsError } from './errors.js';
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
const REFUSED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const SUBPROTOCOL_MESSAGE = /subprotocol|protocol was not set|sent protocols|invalid protocol/i;

interface Failure {
  readonly code: HandshakeErrorCode;
  readonly message: string;
  readonly status?: number | null;
  readonly cause?: unknown;
}

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
      watcher = watchEventTarget(socket, target, plan.protocols, observation, family, finish);
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
  // ws words subprotocol failures differently in every major and never names the protocol, so the
  // 101 response is checked here too. ws 2 and 3 emit no 'upgrade' event: listen on the request,
  // ahead of ws's own listener, which fails the handshake synchronously.
  let violation: string | null = null;
  const onResponse = (response: { headers?: Record<string, unknown> }): void => {
    const header = response.headers?.['sec-websocket-protocol'];
    violation ??= checkSubprotocol(typeof header === 'string' ? [header] : [], offered);
  };
  const request = (socket as unknown as { _req?: unknown })._req;
  const requestEmitter = isEmitter(request) ? request : null;
  if (requestEmitter !== null) requestEmitter.prependListener('upgrade', onResponse);
  else socket.on('upgrade', onResponse);
  const onOpen = (): void => {
    holdIncomingData(socket);
    finish(null);
  };
  const onUnexpectedResponse = (
    request: { destroy?: () => void },
    response: { statusCode?: number },
  ): void => {
    const status = typeof response.statusCode === 'number' ? response.statusCode : null;
    request.destroy?.();
    finish({
      code: 'REJECTED',
      message: `The server at ${target} rejected the WebSocket handshake with HTTP ${status ?? 'an unknown status'}`,
      status,
    });
  };
  const onError = (error: Error & { code?: string }): void =>
    finish(
      violation === null
        ? classify(error, target, 'ws')
        : { code: 'SUBPROTOCOL', message: `${violation} (${target})`, cause: error },
    );
  const onClose = (code: number): void => {
    finish({
      code: 'NETWORK',
      message: `The connection to ${target} closed (code ${code}) before the handshake completed`,
    });
    detach();
  };
  // After a failure ws emits `error` (on the next tick) and then `close`: keep swallowing until then.
  const onLateError = (): void => {};
  const detach = (): void => {
    requestEmitter?.removeListener('upgrade', onResponse);
    socket.removeListener('upgrade', onResponse);
    socket.removeListener('open', onOpen);
    socket.removeListener('unexpected-response', onUnexpectedResponse);
    socket.removeListener('error', onError);
    socket.removeListener('error', onLateError);
    socket.removeListener('close', onClose);
  };
  socket.on('open', onOpen);
  socket.on('unexpected-response', onUnexpectedResponse);
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
  finish: (failure: Failure | null) => void,
): Watcher {
  const onOpen = (): void => {
    const violation = checkSubprotocol(socket.protocol ? [socket.protocol] : [], offered);
    finish(violation === null ? null : { code: 'SUBPROTOCOL', message: `${violation} (${target})` });
  };
  const onError = (event: { message?: unknown; error?: unknown }): void => {
    finish(
      fromObservation(observation, target) ?? classify(event.error ?? event, target, family, event.message),
    );
  };
  const onClose = (event: { code?: number }): void => {
    finish(
      fromObservation(observation, target) ?? {
        code: 'NETWORK',
        message: `The connection to ${target} closed (code ${event.code ?? 'unknown'}) before the handshake completed`,
      },
    );
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
 */
function holdIncomingData(socket: WsSocket): void {
  const raw = (socket as unknown as { _socket?: { pause?: unknown; resume?: unknown } })._socket;
  if (
    raw === undefined ||
    raw === null ||
    typeof raw.pause !== 'function' ||
    typeof raw.resume !== 'function'
  ) {
    return;
  }
  const { pause, resume } = raw as { pause: () => void; resume: () => void };
  pause.call(raw);
  setTimeout(() => {
    // ws 8 has its own pause(); leave the socket paused if the caller asked for that meanwhile.
    if ((socket as unknown as { isPaused?: unknown }).isPaused !== true) resume.call(raw);
  }, 0);
}

interface Emitter {
  prependListener(event: string, listener: (response: never) => void): unknown;
  removeListener(event: string, listener: (response: never) => void): unknown;
}

function isEmitter(value: unknown): value is Emitter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Emitter).prependListener === 'function' &&
    typeof (value as Emitter).removeListener === 'function'
  );
}

function fromObservation(observation: HandshakeObservation, target: string): Failure | null {
  if (observation.subprotocolViolation !== null) {
    return { code: 'SUBPROTOCOL', message: `${observation.subprotocolViolation} (${target})` };
  }
  if (observation.status !== null) {
    return {
      code: 'REJECTED',
      message: `The server at ${target} rejected the WebSocket handshake with HTTP ${observation.status}`,
      status: observation.status,
    };
  }
  if (observation.error !== null) return classify(observation.error, target, 'undici');
  return null;
}

function classify(error: unknown, target: string, family: string, eventMessage?: unknown): Failure {
  const code = findErrorCode(error);
  const message = messageOf(error) || (typeof eventMessage === 'string' ? eventMessage : '');
  if (code !== null && REFUSED_CODES.has(code)) {
    return { code: 'REFUSED', message: `Could not connect to ${target}: ${code}`, cause: error };
  }
  if (SUBPROTOCOL_MESSAGE.test(message)) {
    return { code: 'SUBPROTOCOL', message: `${message} (${target})`, cause: error };
  }
  const status = /^unexpected server response: (\d{3})$/i.exec(message);
  if (status !== null) {
    const value = Number(status[1]);
    return {
      code: 'REJECTED',
      message: `The server at ${target} rejected the WebSocket handshake with HTTP ${value}`,
      status: value,
      cause: error,
    };
  }
  return {
    code: 'NETWORK',
    message: `The WebSocket handshake with ${target} failed: ${message || `${family} gave no reason`}`,
    cause: error,
  };
}

function findErrorCode(error: unknown): string | null {
  for (
    let depth = 0, current = error;
    depth < 4 && typeof current === 'object' && current !== null;
    depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) {
      current = nested[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return '';
}
