/**
 * Stable codes of {@link SocketError}. Each one is documented in the README with what caused it.
 *
 * - `PROTOCOL_ERROR`: the peer broke RFC 6455 (reserved bits, unknown opcode, bad masking, bad close
 *   payload); the implementation failed the connection (close code 1002).
 * - `INVALID_PAYLOAD`: a text message or close reason was not valid UTF-8 (1007).
 * - `MESSAGE_TOO_BIG`: a message went over the implementation's size limit (1009).
 * - `UNDELIVERABLE_MESSAGE`: the implementation delivered a message without data (undici 5 on a
 *   message of 3 or more fragments, a reserved opcode or an unsolicited pong); the wrapper drops it
 *   and closes the connection, since a message was lost.
 * - `CONNECTION_FAILED`: the opening handshake failed (refused, rejected, network error).
 * - `CLOSED_BEFORE_OPEN`: `close()` was called while CONNECTING.
 * - `ABNORMAL_CLOSURE`: the connection ended without a close frame (1006) and the implementation gave
 *   no reason: a TCP drop, or an error the implementation did not describe (undici 7/8, Node 24, browsers).
 * - `CLOSE_TIMEOUT`: the closing handshake did not finish within `closeTimeoutMs`.
 * - `INVALID_SOCKET`, `INVALID_OPTION`: bad arguments to `wrapSocket` (thrown, never an event).
 */
export type SocketErrorCode =
  | 'PROTOCOL_ERROR'
  | 'INVALID_PAYLOAD'
  | 'MESSAGE_TOO_BIG'
  | 'UNDELIVERABLE_MESSAGE'
  | 'CONNECTION_FAILED'
  | 'CLOSED_BEFORE_OPEN'
  | 'ABNORMAL_CLOSURE'
  | 'CLOSE_TIMEOUT'
  | 'INVALID_SOCKET'
  | 'INVALID_OPTION';

/** The one error shape of `@ws-compat/socket`: a stable `code`, the close code, the original error as `cause`. */
export class SocketError extends Error {
  /** A stable code; see {@link SocketErrorCode}. */
  readonly code: SocketErrorCode;
  /**
   * The close code the failure stands for (1002, 1007, 1009: what the implementation sent or would send
   * to the peer), or `null` when none applies. The `close` event that follows always has code 1006.
   */
  readonly closeCode: number | null;

  /**
   * @param code  a stable {@link SocketErrorCode}
   * @param message  what happened, non-empty
   * @param closeCode  the close code the failure stands for, or `null`
   * @param cause  the implementation's own error, when there was one
   */
  constructor(code: SocketErrorCode, message: string, closeCode: number | null = null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SocketError';
    this.code = code;
    this.closeCode = closeCode;
  }
}
