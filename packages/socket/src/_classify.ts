// Turns whatever an implementation reports as an error into one SocketError. Runs once per failed
// connection, never on the message path.
import { SocketError } from './errors.js';

/** ws 5+ keep the close code they send on the error under this symbol's description. */
function wsStatusCode(error: object): number | null {
  for (const symbol of Object.getOwnPropertySymbols(error)) {
    if (symbol.description === 'status-code') {
      const value = (error as Record<symbol, unknown>)[symbol];
      return typeof value === 'number' ? value : null;
    }
  }
  return null;
}

/** The Error inside an error event (undici, ws 4+), the Error itself (ws 2-3), or null (browsers). */
function innerError(reported: unknown): unknown {
  if (reported instanceof Error) return reported;
  if (typeof reported === 'object' && reported !== null && 'error' in reported) {
    return (reported as { error: unknown }).error ?? null;
  }
  return null;
}

function byCloseCode(closeCode: number, detail: string, cause: unknown): SocketError {
  if (closeCode === 1007) {
    return new SocketError(
      'INVALID_PAYLOAD',
      `WebSocket invalid payload: ${detail} (close code 1007)`,
      1007,
      cause,
    );
  }
  if (closeCode === 1009) {
    return new SocketError(
      'MESSAGE_TOO_BIG',
      `WebSocket message too big: ${detail} (close code 1009)`,
      1009,
      cause,
    );
  }
  return new SocketError(
    'PROTOCOL_ERROR',
    `WebSocket protocol error: ${detail} (close code ${closeCode})`,
    closeCode,
    cause,
  );
}

/**
 * Classifies an error an implementation reported while the connection was open.
 *
 * @param reported  the `error` listener's argument (an Error, an ErrorEvent or a bare Event)
 * @returns `null` when the implementation said nothing useful (an empty message, a bare Event)
 */
export function classifyOpenError(reported: unknown): SocketError | null {
  const error = innerError(reported);
  if (!(error instanceof Error)) return null;
  const message = error.message;
  const code = (error as { code?: unknown }).code;
  const status = wsStatusCode(error);
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
    const closeCode =
      status ??
      (code === 'WS_ERR_INVALID_UTF8' ? 1007 : code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 1009 : 1002);
    return byCloseCode(closeCode, message, error);
  }
  if (status !== null) return byCloseCode(status, message, error);
  if (message === '') return null;
  if (typeof code === 'string' && code.startsWith('E')) {
    // a socket error (ECONNRESET, EPIPE): the connection was lost
    return new SocketError(
      'ABNORMAL_CLOSURE',
      `WebSocket connection lost: ${message} (close code 1006)`,
      null,
      error,
    );
  }
  if (message.includes('UTF-8')) return byCloseCode(1007, message, error);
  if (message.includes('max payload') || message.includes('Max payload'))
    return byCloseCode(1009, message, error);
  return byCloseCode(1002, message, error);
}

/**
 * Classifies an error reported before the connection opened (the opening handshake failed).
 *
 * @param reported  the `error` listener's argument
 * @param url  the socket's URL, named in the message
 */
export function classifyHandshakeError(reported: unknown, url: string): SocketError {
  const error = innerError(reported);
  const detail = error instanceof Error && error.message !== '' ? `: ${error.message}` : '';
  return new SocketError(
    'CONNECTION_FAILED',
    `WebSocket connection to ${url === '' ? 'the server' : url} failed${detail}`,
    null,
    error ?? reported,
  );
}

/** The error that goes with a close code 1006 when the implementation gave no reason. */
export function abnormalClosure(cause: unknown): SocketError {
  return new SocketError(
    'ABNORMAL_CLOSURE',
    'WebSocket connection closed abnormally (1006): no close frame was received, and the implementation gave no reason',
    null,
    cause ?? undefined,
  );
}
