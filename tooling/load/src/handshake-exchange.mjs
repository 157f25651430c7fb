// @ts-check
import { handshakeLines, requestBytes, settleRawExchange, textFrame } from '@ws-compat/wire';

// The load run's view of one hand-written handshake: the wire kit (`@ws-compat/wire`) writes the bytes
// and reads the answer; this file only says what a load run sends and reduces the outcome to what it counts.

/**
 * @typedef {object} HandshakeExchangeOptions
 * @property {number} port server port on 127.0.0.1
 * @property {string} [localAddress] source address (another 127.x.y.z is another, untrusted, peer)
 * @property {string} target request target, e.g. `/echo?room=1`
 * @property {readonly (readonly [string, string])[]} headers header lines sent after the WebSocket ones, in order, duplicates kept
 * @property {string} [message] after a 101: send this text and wait for one text frame back
 * @property {number} [stallAfterBytes] send only this many bytes of the request, then wait for the server
 * @property {number} timeoutMs give up (and destroy the socket) after this long, closing included
 */

/**
 * @typedef {object} HandshakeExchangeResult
 * @property {number | null} status HTTP status of the response, null when no complete head came
 * @property {string | null} protocol the Sec-WebSocket-Protocol answered with a 101
 * @property {string | null} reply text of the frame received after `message`
 * @property {string | null} error null when the exchange went as asked; else a code: `WIRE_TIMEOUT`,
 *   `WIRE_NO_RESPONSE`, a socket error code (`ECONNREFUSED`, ...), `LOAD_NO_REPLY` (101, then closed
 *   before the reply to `message`) or `LOAD_REPLY_NOT_TEXT` (the reply was not one final text frame)
 * @property {number} elapsedMs from the call to the complete response head (or to the failure, when none came)
 */

/**
 * One WebSocket opening handshake written as exact bytes on a plain TCP socket, so a request can carry
 * what no client library sends: duplicated headers, 20 KB headers, half a request. After a 101 it
 * sends `message` (masked text) when given and reads the one frame back, then leaves cleanly: a close
 * frame 1000, FIN, and it settles when the server closes TCP. Settles once and never rejects: every
 * outcome, a failure included, is in the result.
 *
 * @param {HandshakeExchangeOptions} options
 * @returns {Promise<HandshakeExchangeResult>}
 */
export async function handshakeExchange(options) {
  const request = requestBytes(
    handshakeLines({ target: options.target, host: `127.0.0.1:${options.port}`, headers: options.headers }),
  );
  const { response, error, elapsedMs } = await settleRawExchange({
    port: options.port,
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    request: options.stallAfterBytes === undefined ? request : request.subarray(0, options.stallAfterBytes),
    ...(options.message === undefined
      ? { awaitFrame: false }
      : { send: textFrame(options.message, { mask: true }) }),
    leave: 'close',
    timeoutMs: options.timeoutMs,
  });
  const upgraded = response?.status === 101;
  return {
    status: response?.status ?? null,
    protocol: upgraded
      ? (response.headers.find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1] ?? null)
      : null,
    reply: upgraded ? response.message : null,
    error:
      error?.code ??
      (upgraded && options.message !== undefined && response.message === null
        ? response.frame === null
          ? 'LOAD_NO_REPLY'
          : 'LOAD_REPLY_NOT_TEXT'
        : null),
    elapsedMs,
  };
}
