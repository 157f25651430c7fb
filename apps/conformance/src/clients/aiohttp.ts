import {
  acceptsNoProtocol,
  cancelWhileConnecting,
  connectionFailures,
  noBinaryType,
  noListeners,
  opensUnofferedProtocol,
  programClient,
  rfcCloseCodes,
  sendsRefusedHeaders,
  utf8HeaderValues,
} from './_native.js';

/**
 * aiohttp 3.8's close() while another task awaits receive() (the usual reader task): it feeds the
 * reader a CLOSING message, the reader marks the socket closing, and close() then drops the connection
 * right after sending its close frame, without reading the peer's: close_code stays None (reported as
 * 1006) and the peer's code and reason are lost.
 */
const CLOSE_WHILE_RECEIVING =
  "aiohttp 3.8's close() from one task while another awaits receive() sends the close frame and drops the connection without reading the peer's answer: close_code stays None (reported as 1006) and the peer's code and reason are lost";
const CLOSE_WHILE_RECEIVING_OBSERVED = ['close code 1006, expected', 'close reason: expected'];

import type { ClientAdapter } from './_types.js';

/** aiohttp 3.8 `ClientSession.ws_connect(headers=, protocols=, origin=)` (Debian). */
export const aiohttpClient: ClientAdapter = programClient({
  selector: 'aiohttp',
  family: 'aiohttp',
  program: { language: 'python', program: 'client_aiohttp.py' },
  connection: true,
  expectedFailures: [
    {
      scenario: 'query',
      reason:
        'aiohttp (yarl) re-encodes a % that does not start a valid escape (100% becomes 100%25, %2 becomes %252): the server decodes other values than the URL says',
      observed: 'the client rewrote the target',
    },
    acceptsNoProtocol,
    utf8HeaderValues,
    sendsRefusedHeaders(
      'reserved-refused',
      'headers= overrides or duplicates reserved handshake headers (Sec-WebSocket-Key, Upgrade, Host...); header-options refuses them (RESERVED_HEADER)',
    ),
    sendsRefusedHeaders(
      'injection-refused',
      'headers= lets NUL and DEL (and some bad names) into the request; header-options refuses them (INVALID_HEADER_VALUE / INVALID_HEADER_NAME)',
    ),
    ...noBinaryType('aiohttp 3.8', 'Python bytes'),
    ...connectionFailures('binary-round-trip', CLOSE_WHILE_RECEIVING, CLOSE_WHILE_RECEIVING_OBSERVED),
    ...noListeners('aiohttp 3.8', 'receive() / async for'),
    ...cancelWhileConnecting('aiohttp 3.8', 'cancelling the ws_connect() task'),
    ...rfcCloseCodes('aiohttp 3.8', 'the later calls ran on the closed connection'),
    ...(
      [
        'text-round-trip',
        'fragmented-message',
        'large-message',
        'close-both-ways',
        'throwing-listener',
        'hostile-frames',
      ] as const
    ).flatMap((scenario) =>
      connectionFailures(scenario, CLOSE_WHILE_RECEIVING, CLOSE_WHILE_RECEIVING_OBSERVED),
    ),
    ...opensUnofferedProtocol(
      'aiohttp 3.8',
      'ws_connect() reads Sec-WebSocket-Protocol only when it offered protocols, so the app gets protocol None and a connection the server thinks speaks chat',
    ),
    ...connectionFailures(
      'close-both-ways',
      "aiohttp 3.8 answers the peer's close frame with its own close(), code 1000, instead of echoing the peer's code (RFC 6455 5.5.1: typically the same code): the server that closed with 4002 sees 1000",
      ['server closes 4002: server close event [code, wasClean]: expected [4002,true], got [1000,true]'],
    ),
    ...connectionFailures(
      'peer-never-closes',
      "aiohttp 3.8's close() gives up on a silent peer after its timeout= (1 s here) and sets close_code 1006 itself, with no error (no CLOSE_TIMEOUT)",
      ['expected one error CLOSE_TIMEOUT, saw open, step close, close 1006'],
    ),
  ],
});
