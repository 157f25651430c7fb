import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { closedEarly, fromError, fromObservation, rejected, subprotocolFailure } from './classify.js';
import { createObservation } from './implementations/handshake-guard.js';

const TARGET = 'ws://h/';
const refused = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('fromError: the code decides, never the message', () => {
  test.each<[string, unknown, string, string]>([
    [
      'ECONNREFUSED on the error',
      refused('ECONNREFUSED'),
      'REFUSED',
      'Could not connect to ws://h/: ECONNREFUSED',
    ],
    [
      'ENOTFOUND on the cause',
      new TypeError('fetch failed', { cause: refused('ENOTFOUND') }),
      'REFUSED',
      'Could not connect to ws://h/: ENOTFOUND',
    ],
    [
      'EHOSTUNREACH in an AggregateError',
      new AggregateError([refused('EHOSTUNREACH')], 'x'),
      'REFUSED',
      'Could not connect to ws://h/: EHOSTUNREACH',
    ],
    [
      'ECONNRESET (reached, then dropped)',
      refused('ECONNRESET'),
      'NETWORK',
      'The WebSocket handshake with ws://h/ failed: connect ECONNRESET 127.0.0.1:1',
    ],
    // Texts that the old classifier matched: now they are only reported, never decisive.
    [
      "ws's old status text",
      new Error('Unexpected server response: 401'),
      'NETWORK',
      'The WebSocket handshake with ws://h/ failed: Unexpected server response: 401',
    ],
    [
      "undici's subprotocol text",
      new Error('Protocol was not set in the opening handshake.'),
      'NETWORK',
      'The WebSocket handshake with ws://h/ failed: Protocol was not set in the opening handshake.',
    ],
    [
      'a TLS error that mentions a protocol',
      new Error('invalid protocol version'),
      'NETWORK',
      'The WebSocket handshake with ws://h/ failed: invalid protocol version',
    ],
    [
      'an empty error',
      new TypeError(''),
      'NETWORK',
      'The WebSocket handshake with ws://h/ failed: undici gave no reason',
    ],
  ])('%s', (_name, error, code, message) => {
    expect(fromError(error, TARGET, 'undici')).toEqual({ code, message, cause: error });
  });

  test('the event message stands in for an empty error, and the note is appended to NETWORK only', () => {
    expect(fromError({}, TARGET, 'the browser', 'boom', ' (note)').message).toBe(
      'The WebSocket handshake with ws://h/ failed: boom (note)',
    );
    expect(fromError(refused('ECONNREFUSED'), TARGET, 'undici', '', ' (note)').message).toBe(
      'Could not connect to ws://h/: ECONNREFUSED',
    );
  });

  test('any message, any wording: without a code it is NETWORK; with an unreachable code it is REFUSED', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(undefined, 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE'),
        (text, code) => {
          const error = code === undefined ? new Error(text) : Object.assign(new Error(text), { code });
          const expected = code === 'ECONNREFUSED' || code === 'EAI_AGAIN' ? 'REFUSED' : 'NETWORK';
          expect(fromError(error, TARGET, 'ws').code).toBe(expected);
        },
      ),
    );
  });
});

describe('fromObservation: what the guard saw, most precise first', () => {
  test.each<[string, Partial<ReturnType<typeof createObservation>>, unknown]>([
    ['nothing', {}, null],
    ['a status', { status: 403 }, rejected(TARGET, 403)],
    [
      'a violation beats a status',
      { status: 403, subprotocolViolation: 'bad' },
      subprotocolFailure('bad', TARGET),
    ],
    [
      'an error with a code',
      { error: refused('ECONNREFUSED') },
      { code: 'REFUSED', message: 'Could not connect to ws://h/: ECONNREFUSED', cause: expect.any(Error) },
    ],
  ])('%s', (_name, seen, expected) => {
    expect(fromObservation({ ...createObservation(), ...seen }, TARGET)).toEqual(expected);
  });
});

test('rejected and closedEarly messages', () => {
  expect(rejected(TARGET, null)).toEqual({
    code: 'REJECTED',
    message: 'The server at ws://h/ rejected the WebSocket handshake with HTTP an unknown status',
    status: null,
    cause: undefined,
  });
  expect(closedEarly(TARGET, 1006)).toEqual({
    code: 'NETWORK',
    message: 'The connection to ws://h/ closed (code 1006) before the handshake completed',
  });
});
