// How a failed handshake becomes a HandshakeError code, from structured facts only: the status the
// implementation or the guard saw, the response headers connect() checked itself, and the `.code` of
// Node's system errors. No message text is matched; what the implementations expose per version is
// in implementations/capabilities.ts.
import type { HandshakeErrorCode } from './errors.js';
import type { HandshakeObservation } from './implementations/handshake-guard.js';

/** A classified failure; `connect()` turns it into a {@link HandshakeError}. */
export interface Failure {
  readonly code: HandshakeErrorCode;
  readonly message: string;
  readonly status?: number | null;
  readonly cause?: unknown;
}

/** Node's system error codes for "could not reach the server". */
const REFUSED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** The server answered with another status than 101. */
export function rejected(target: string, status: number | null, cause?: unknown): Failure {
  return {
    code: 'REJECTED',
    message: `The server at ${target} rejected the WebSocket handshake with HTTP ${status ?? 'an unknown status'}`,
    status,
    cause,
  };
}

/** The 101 response broke RFC 6455 §4.1's subprotocol rules (see `checkSubprotocol`). */
export function subprotocolFailure(violation: string, target: string, cause?: unknown): Failure {
  return { code: 'SUBPROTOCOL', message: `${violation} (${target})`, cause };
}

/**
 * What the undici guard saw, in order of precision: a subprotocol violation, a non-101 status, a
 * dispatcher error (by its code).
 *
 * @returns the failure, or `null` when the guard saw nothing (not installed, or not reached).
 */
export function fromObservation(observation: HandshakeObservation, target: string): Failure | null {
  if (observation.subprotocolViolation !== null) {
    return subprotocolFailure(observation.subprotocolViolation, target);
  }
  if (observation.status !== null) return rejected(target, observation.status);
  if (observation.error !== null) return fromError(observation.error, target, 'undici');
  return null;
}

/**
 * An error the implementation reported: `REFUSED` when it (or its `cause`, or the first of its
 * `errors`) carries one of Node's unreachable codes, otherwise `NETWORK` with its message.
 *
 * @param family - named in the message when the implementation gave no reason.
 * @param note - appended to a `NETWORK` message (e.g. that the handshake guard was missing).
 */
export function fromError(
  error: unknown,
  target: string,
  family: string,
  eventMessage?: unknown,
  note = '',
): Failure {
  const code = findErrorCode(error);
  if (code !== null && REFUSED_CODES.has(code)) {
    return { code: 'REFUSED', message: `Could not connect to ${target}: ${code}`, cause: error };
  }
  const message = messageOf(error) || (typeof eventMessage === 'string' ? eventMessage : '');
  return {
    code: 'NETWORK',
    message: `The WebSocket handshake with ${target} failed: ${message || `${family} gave no reason`}${note}`,
    cause: error,
  };
}

/** The connection closed before the handshake finished, with nothing more precise known. */
export function closedEarly(target: string, closeCode: unknown, note = ''): Failure {
  return {
    code: 'NETWORK',
    message: `The connection to ${target} closed (code ${typeof closeCode === 'number' ? closeCode : 'unknown'}) before the handshake completed${note}`,
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
