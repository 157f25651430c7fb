// Every HeaderOptionsError code is thrown by the public API, as the documented class: a TypeError named
// HeaderOptionsError, from the package's entry point. One row per code, checked by the type: a code
// added to the union without a call that throws it does not compile. (Each code's message is also
// asserted where its concern lives: headers.test.ts, subprotocols.test.ts, create.test.ts, ...;
// HandshakeError's codes, statuses and messages come from real handshakes in _test/suite.ts,
// connect.test.ts, first-connect.test.ts and node-builtin.test.ts.)
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import type { HeaderOptionsErrorCode } from './errors.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import { HeaderOptionsError, toConstructorArgs } from './index.js';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as WebSocketConstructor;
const Undici5 = (require('undici5') as { WebSocket: WebSocketConstructor }).WebSocket;
const Undici7 = (require('undici7') as { WebSocket: WebSocketConstructor }).WebSocket;

/** A browser's WebSocket: the constructor takes only (url, protocols). */
class BrowserWebSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  constructor(_url: string, _protocols?: string | string[]) {
    super();
  }
  send(): void {}
  close(): void {}
}

const ROWS = {
  INVALID_HEADER_NAME: [
    () => toConstructorArgs(Ws8, 'ws://h/', { headers: { 'X Bad': '1' } }),
    `Header name "X Bad" has the invalid character U+0020 at index 1; a header name is an RFC 7230 token (letters, digits and !#$%&'*+-.^_\`|~)`,
  ],
  INVALID_HEADER_VALUE: [
    () => toConstructorArgs(Ws8, 'ws://h/', { headers: { 'X-A': 'a\nb' } }),
    'Header "X-A" has the invalid character U+000A at index 1 of its value; header values cannot contain CR, LF, NUL, other control characters or characters above U+00FF (encode the value, e.g. with encodeURIComponent)',
  ],
  RESERVED_HEADER: [
    () => toConstructorArgs(Ws8, 'ws://h/', { headers: { 'Sec-WebSocket-Key': 'x' } }),
    'Header "Sec-WebSocket-Key" is reserved: the client generates it for every handshake',
  ],
  DUPLICATE_HEADER: [
    () =>
      toConstructorArgs(Ws8, 'ws://h/', {
        headers: [
          ['X-A', '1'],
          ['x-a', '2'],
        ],
      }),
    'Header "x-a" is given twice, as "X-A" and "x-a" (names are case-insensitive); give it once, with an array value for several values',
  ],
  INVALID_SUBPROTOCOL: [
    () => toConstructorArgs(Ws8, 'ws://h/', { protocols: ['a b'] }),
    'Subprotocol "a b" has the invalid character U+0020 at index 1; a subprotocol is an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={})',
  ],
  DUPLICATE_SUBPROTOCOL: [
    () => toConstructorArgs(Ws8, 'ws://h/', { protocols: ['chat', 'chat'] }),
    'Subprotocol "chat" is offered twice; offer each subprotocol once',
  ],
  TOO_MANY_SUBPROTOCOLS: [
    () => toConstructorArgs(Undici5, 'ws://h/', { protocols: ['a', 'b'] }),
    '2 subprotocols (a, b) are offered, but undici 5 fails every handshake that offers more than 1 ("Protocol was not set in the opening handshake."); offer one, or use undici 6 or later',
  ],
  HEADERS_UNSUPPORTED: [
    () => toConstructorArgs(BrowserWebSocket, 'ws://h/', { headers: { 'X-A': '1' } }),
    'A browser-like WebSocket (a constructor taking only url and protocols) cannot send headers: X-A. Send them in the first message, or use bearer with a fallback for a token',
  ],
  CONFLICTING_OPTIONS: [
    () => toConstructorArgs(Ws8, 'ws://h/', { headers: {}, extraHeaders: {} }),
    '"headers" and "extraHeaders" both give headers; pass them once, as "headers"',
  ],
  INVALID_URL: [
    () => toConstructorArgs(Ws8, 'ftp://h/'),
    'The URL "ftp://h/" has the scheme "ftp:"; use ws: or wss: (http: and https: also work)',
  ],
  BLOCKED_PORT: [
    () => toConstructorArgs(Undici7, 'ws://h:6000/'),
    `Port 6000 (x11) of "ws://h:6000/" is a bad port in the Fetch standard's port blocking (https://fetch.spec.whatwg.org/#port-blocking): undici refuses it without connecting and reports no reason. Serve the WebSocket on another port (such as 8080), or connect with ws, which does not block ports`,
  ],
  INVALID_TOKEN: [
    () => toConstructorArgs(Ws8, 'ws://h/', { bearer: 'a b' }),
    `"bearer" has the character U+0020 at index 1, which an RFC 6750 bearer token (b64token: letters, digits, -._~+/ and trailing =) cannot have, so it cannot go in the Authorization header. Encode the token (e.g. base64url), or send it in the bearer subprotocol, which carries any token: the subprotocol fallback does that where headers cannot be sent (browsers, implementation: 'browser'), and protocols: ['your-protocol', bearerSubprotocol.encode(token)] does it on any implementation`,
  ],
  INVALID_OPTION: [
    () => toConstructorArgs(Ws8, 'ws://h/', { fallback: 'email' as 'error' }),
    `"fallback" must be 'subprotocol', 'query' or 'error', got "email"`,
  ],
} satisfies Record<HeaderOptionsErrorCode, readonly [() => unknown, string]>;

describe('HeaderOptionsError from the public API', () => {
  test.each(Object.entries(ROWS))(
    '%s is thrown as a TypeError named HeaderOptionsError',
    (code, [call, message]) => {
      let thrown: unknown = null;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HeaderOptionsError);
      expect(thrown).toBeInstanceOf(TypeError);
      expect(thrown).toMatchObject({ name: 'HeaderOptionsError', code, message });
    },
  );
});
