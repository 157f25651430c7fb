import type { ProgramSpec } from '../programs.js';
import type { ExpectedFailure } from '../status.js';
import type { ClientAdapter, ClientFamily } from './_types.js';

/**
 * What every client outside Node fails for the same reason: header-options is a Node library, so
 * these clients use their own API, which has no header-options error codes and no legacy names.
 */
export const nativeClientFailures: readonly ExpectedFailure[] = [
  {
    scenario: 'legacy-names',
    reason:
      'not a header-options client: its own API has one header option, so no legacy option names and no deprecation warnings (the bytes of each use are still compared)',
    observed: 'deprecation warnings name',
  },
  {
    scenario: 'failure-settles',
    reason:
      "the client's own errors carry no HandshakeError code (the exception and status are in the observed text); the timeouts and the process surviving are still checked",
    observed: 'expected HandshakeError',
  },
];

/** The client opens when the server selects none of the offered protocols (header-options refuses: SUBPROTOCOL). */
export const acceptsNoProtocol: ExpectedFailure = {
  scenario: 'failure-settles',
  reason:
    "it opens when the 101 selects none of the offered subprotocols (RFC 6455 allows it; header-options' connect() rejects it with SUBPROTOCOL, so an app that needs its protocol is not silently without one)",
  observed: 'opened instead of failing with SUBPROTOCOL',
};

/** Sends a header value's characters as UTF-8 bytes (é as C3 A9), where Node clients send Latin-1 (E9). */
export const utf8HeaderValues: ExpectedFailure = {
  scenario: 'headers-arrive',
  reason:
    'sends a header value\'s characters as UTF-8 bytes (é as C3 A9); Node clients and browsers send one Latin-1 byte (E9), and servers read Latin-1, so the value arrives as "hÃ©llo"',
  observed: String.raw`X-Latin bytes: expected "h\\xe9llo", got "h\\xc3\\xa9llo"`,
};

/** The client's own API sends headers header-options refuses (reserved or injected). */
export function sendsRefusedHeaders(
  scenario: 'reserved-refused' | 'injection-refused',
  detail: string,
): ExpectedFailure {
  return { scenario, reason: detail, observed: "sent to the server by the client's own API" };
}

/** Sends a non-ASCII URL character as raw UTF-8 bytes in the request target (gorilla, tornado, websocket-client). */
export const rawUtf8Target: ExpectedFailure = {
  scenario: 'query',
  reason:
    'sends a non-ASCII URL character as raw UTF-8 bytes in the request target, not percent-encoded (WHATWG URL and Node clients send %C3%A9)',
  observed: 'the client rewrote the target',
};

/**
 * One measured difference of a client's own API in a whole-connection scenario: one declaration per
 * observed failure text, all with the same reason (every failure of the cell must be one of them).
 */
export function connectionFailures(
  scenario: string,
  reason: string,
  observed: readonly string[],
): ExpectedFailure[] {
  return observed.map((text) => ({ scenario, reason, observed: text }));
}

/** The library has no binaryType: every binary message is its language's byte string. */
export function noBinaryType(library: string, type: string): ExpectedFailure[] {
  return connectionFailures(
    'binary-round-trip',
    `${library} has no binaryType: every binary message is a ${type}, whatever the app asks for (the bytes are exact)`,
    ['arrived as bytes, expected'],
  );
}

/** The library has no message listeners: a throwing one has nowhere to go. */
export function noListeners(library: string, api: string): ExpectedFailure[] {
  return connectionFailures(
    'throwing-listener',
    `${library} has no message listeners (${api}): an exception in the app's message handling is the app's own, nothing catches or reports it`,
    ['0 listener errors reported for 2 messages'],
  );
}

/**
 * The library gives the app no socket before the handshake completes: closing while connecting is
 * cancelling the connect call, which reports no error event and no close event.
 */
export function cancelWhileConnecting(library: string, how: string): ExpectedFailure[] {
  return connectionFailures(
    'close-while-connecting',
    `${library} gives the app no socket until the handshake completes: closing while connecting is ${how}, which ends the attempt with no error event and no close event`,
    [
      'expected one error CLOSED_BEFORE_OPEN, saw step close',
      'close: expected one close event, saw step close',
    ],
  );
}

/**
 * The library's close() follows RFC 6455, not WHATWG: 1001 (going away) is a code an endpoint may
 * send, so close(1001) closes the connection; what the later, invalid calls did is in the reason's
 * detail, and everything after them ran on a closed socket.
 */
export function rfcCloseCodes(library: string, detail: string): ExpectedFailure[] {
  return connectionFailures(
    'invalid-close-refused',
    `${library}'s close() follows RFC 6455, not the WHATWG API: 1001 (going away) is a code it may send, so close(1001) does not throw and closes the connection; ${detail}`,
    [
      'did not throw',
      'after it, expected 1',
      'expected InvalidAccessError, threw',
      'expected SyntaxError, threw',
      'no message arrived',
      'client: close code',
      'client: expected one close event',
    ],
  );
}

/** The library opens when the 101 selects a subprotocol it never offered (no error, no 1006). */
export function opensUnofferedProtocol(library: string, detail: string): ExpectedFailure[] {
  return connectionFailures(
    'unoffered-protocol',
    `${library} opens when the 101 selects a subprotocol it never offered: ${detail}`,
    [
      'the socket opened',
      'expected one error event',
      'closed settled with',
      'readyState did not stay 3',
      'expected one close event',
    ],
  );
}

/** `unreachable-settles`: a program's own exceptions for a refused port and a timeout. */
const PROGRAM_UNREACHABLE: ExpectedFailure = {
  scenario: 'unreachable-settles',
  reason:
    "the client's own errors carry no HandshakeError code (the refused connection's and the timeout's exceptions are in the observed text); the timeouts, the single request and the process surviving are still checked",
  observed: 'expected HandshakeError',
};

/**
 * A client outside Node: a program using its own API, which can send headers and any number of
 * subprotocols, and fails what every such client fails (`nativeClientFailures`) plus its own.
 */
export function programClient(options: {
  selector: string;
  family: ClientFamily;
  program: ProgramSpec;
  /** the program runs connection scripts with the library's own API (whole-connection scenarios) */
  connection?: boolean;
  expectedFailures: readonly ExpectedFailure[];
}): ClientAdapter {
  return {
    selector: options.selector,
    family: options.family,
    runtime: { kind: 'program', ...options.program },
    capabilities: {
      headers: true,
      maxProtocols: Number.POSITIVE_INFINITY,
      connection: options.connection === true,
    },
    expectedFailures: [...nativeClientFailures, PROGRAM_UNREACHABLE, ...options.expectedFailures],
  };
}
