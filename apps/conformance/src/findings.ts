/**
 * The real defects the matrix found in implementations (not limitations of an API shape), with the
 * cells that show them and the workaround the shims give where there is one. Rendered into
 * docs/compatibility.md; `evidence` is a substring of the expected-fail reasons of those cells, so the
 * page counts them from the matrix itself, or null for a defect met while wiring an adapter that the
 * adapter works around (so no cell can show it): the page says where it is worked around instead.
 */
export interface Finding {
  id: string;
  implementations: string;
  what: string;
  evidence: string | null;
  /** for `evidence: null`, the file whose code works around it (shown on the page) */
  workedAroundIn?: string;
  workaround: string;
}

export const findings: readonly Finding[] = [
  {
    id: 'hono-first-offer-echo',
    implementations: 'hono 4 + @hono/node-ws 1.3 on @hono/node-server 1.19',
    what: "The app cannot select a subprotocol: node-ws's ws server selects the first one offered. A server that supports none of the offered protocols still opens with the client's first, and a token-only offer gets the bearer token echoed back as the protocol.",
    evidence: '@hono/node-ws',
    workaround:
      'header-options never makes a token-only offer (HEADERS_UNSUPPORTED before connecting) and puts the app protocol first, and its connect() checks the selected protocol; on the server, read the offer with connection-context (ctx.subprotocols never holds the token) and close a connection whose protocol is not one you support.',
  },
  {
    id: 'hono-401-dropped',
    implementations: 'hono 4 + @hono/node-ws 1.3 on @hono/node-server 1.19',
    what: "A middleware's refusal (`c.text('unauthorized', 401, { 'WWW-Authenticate': 'Bearer' })`) never reaches the client as written: node-ws's `upgrade` listener writes its own `401 Unauthorized` with `Content-Length: 0`, dropping the body and every header the app set, WWW-Authenticate included.",
    evidence: "hono's Node WebSocket adapter (node-ws",
    workaround:
      "None on the server through node-ws. header-options reports the refusal as HandshakeError REJECTED with status 401 whatever the body; a server that must send its challenge refuses before node-ws sees the upgrade (an `upgrade` listener of its own, or connection-context's createUpgradeHandler on a ws server, which writes WWW-Authenticate).",
  },
  {
    id: 'websocket-node-lowercase',
    implementations: 'WebSocket-Node (npm websocket) 1.0.35 (server)',
    what: 'request.requestedProtocols is lowercased, which corrupts a base64url bearer subprotocol: the app decodes another token.',
    evidence: 'WebSocket-Node lowercases request.requestedProtocols',
    workaround:
      'connection-context reads the raw Sec-WebSocket-Protocol header of request.httpRequest: ctx.auth holds the right token.',
  },
  {
    id: 'crossws-protocol-is-offer',
    implementations: 'crossws 0.4 (Node adapter, server)',
    what: "`peer.websocket.protocol` is the whole offered Sec-WebSocket-Protocol header, the bearer token subprotocol included, not the selected protocol: the Node adapter sends the selection as an extra response header, so ws's own `protocol` stays empty and crossws falls back to the request header. The wire carries the right selection; the app reads the wrong one (and the token).",
    evidence: "crossws's `peer.websocket.protocol` is the whole offered",
    workaround:
      "Read the selection from your own `handleProtocols` (select with connection-context's selectSubprotocol, which never selects a token subprotocol), and the token from ctx.auth of buildConnectionContext(peer.request), never from `peer.websocket.protocol`.",
  },
  {
    id: 'faye-origin-option-leak',
    implementations: 'faye-websocket 0.11 (the Client)',
    what: 'Given an `origin` option (ws\'s name for it), `new Client(url, protocols, { origin })` throws "Unrecognized option: origin" after it has opened the TCP connection, and leaks that socket (no error listener, never closed).',
    evidence: null,
    workedAroundIn: 'apps/conformance/src/clients/faye-websocket.ts',
    workaround:
      "Pass Origin in `headers` (`{ headers: { Origin: 'https://app.example' } }`), faye's only way to send it; the conformance adapter maps header-options' `origin` onto it.",
  },
  {
    id: 'starlette-403-only',
    implementations: 'Starlette 0.26 on uvicorn 0.17 (both WebSocket backends)',
    what: 'A WebSocket can be refused only by closing it before accept(); uvicorn then always answers 403 with no body and no WWW-Authenticate, so a 401 (authentication required) cannot be sent.',
    evidence: 'Starlette can refuse a WebSocket only by closing it before accept()',
    workaround:
      'None on the server. header-options reports the refusal as HandshakeError REJECTED with status 403, so clients cannot tell "log in again" from "forbidden" and should treat 403 from Starlette as either.',
  },
  {
    id: 'uvicorn-websockets-latin1-500',
    implementations: "uvicorn 0.17's websockets backend (Starlette)",
    what: 'A request header value with a byte above 0x7F (Latin-1 é) makes uvicorn answer 500: it re-encodes the headers websockets decoded with surrogateescape as Latin-1 and fails. The wsproto backend takes the same request.',
    evidence: "uvicorn's websockets backend answers 500",
    workaround:
      "Run uvicorn with ws='wsproto'. header-options sends such values as one Latin-1 byte (and refuses characters above U+00FF), so an app's non-ASCII header value reaches the other servers intact.",
  },
  {
    id: 'python-websockets-surrogates',
    implementations: 'Python websockets 10.4 (server)',
    what: 'Header bytes above 0x7F reach the handler as lone surrogates (ASCII with surrogateescape), not as Latin-1 characters: "h\\udce9llo" for "héllo".',
    evidence: 'websockets 10.4 decodes header bytes above 0x7F',
    workaround:
      'Read such headers as value.encode("ascii", "surrogateescape").decode("latin-1") on the server.',
  },
  {
    id: 'native-clients-utf8-headers',
    implementations: 'Python websockets, aiohttp, websocket-client, gorilla (clients)',
    what: 'Header values are sent as UTF-8 bytes (é as C3 A9), where Node clients and browsers send Latin-1 (E9) and servers read Latin-1: the server sees "hÃ©llo". tornado sends Latin-1.',
    evidence: "sends a header value's characters as UTF-8 bytes",
    workaround:
      'Keep header values ASCII across ecosystems; on Node, header-options sends Latin-1 and refuses what Latin-1 cannot carry.',
  },
  {
    id: 'native-clients-send-reserved-and-injected-headers',
    implementations: 'Python websockets, aiohttp, websocket-client, tornado, gorilla (clients)',
    what: 'Their header APIs send reserved handshake headers (a second Sec-WebSocket-Key or Host) and, for websockets, websocket-client and tornado, values with CR/LF/NUL, i.e. header injection into the request, without an error.',
    evidence: "sent to the server by the client's own API",
    workaround:
      'On Node, header-options refuses them before connecting (RESERVED_HEADER, INVALID_HEADER_VALUE, INVALID_HEADER_NAME).',
  },
  {
    id: 'client-url-rewriting',
    implementations: 'Python websockets 10.4, aiohttp (yarl), websocket-client, tornado, gorilla (clients)',
    what: "The request target is not the URL the app gave: websockets percent-encodes every % again (J%C3%BC becomes J%25C3%25BC), yarl re-encodes a % that starts no valid escape, and websocket-client, tornado and gorilla send non-ASCII characters as raw UTF-8 bytes (which uvicorn's h11 refuses with 400).",
    evidence: 'the client rewrote the target',
    workaround:
      'Give these clients URLs whose query is already percent-encoded ASCII; on the server, query-params parses what arrived exactly as WHATWG URL does.',
  },
  {
    id: 'gorilla-query-drops',
    implementations: 'gorilla/websocket on net/http (server)',
    what: 'r.URL.Query() drops a pair with a bad escape (100%, %2, %E0%A4%A) without an error and loses the order of names (a map).',
    evidence: 'r.URL.Query() is a map',
    workaround:
      'Check url.ParseQuery(r.URL.RawQuery) for its error. On Node, query-params keeps such pairs as WHATWG does, or refuses them with decoding: "strict".',
  },
  {
    id: 'tornado-xheaders-trust-all',
    implementations: 'tornado 6.2 (server, xheaders=True)',
    what: "tornado's proxy support trusts X-Forwarded-For from every peer: any client sets its own address.",
    evidence: 'xheaders=True',
    workaround:
      "Only enable xheaders behind a proxy that overwrites the header. On Node, connection-context's trustProxy lists the proxies whose header counts.",
  },
  {
    id: 'first-protocol-line-only',
    implementations: 'gorilla/websocket 1.5.0 (server), aiohttp 3.8.4 (server)',
    what: "Subprotocols offered on two Sec-WebSocket-Protocol lines are one list (RFC 9110), but gorilla's websocket.Subprotocols(r) and aiohttp's WebSocketResponse(protocols=...) read only the first line: a protocol on the second line is never selected (gorilla's app does not even see it).",
    evidence: 'first Sec-WebSocket-Protocol line',
    workaround:
      'header-options always sends the offer as one line. On the server, read every line (gorilla: r.Header.Values("Sec-Websocket-Protocol"); aiohttp: request.headers.getall(...)) and select yourself; connection-context reads all lines (ctx.subprotocols).',
  },
  {
    id: 'node20-unoffered-protocol-crash',
    implementations: "Node 20's global WebSocket (bundled undici 6.24.1)",
    what: 'A 101 that selects a subprotocol when `new WebSocket(url)` offered none throws an uncaught TypeError inside undici ("Cannot read properties of null (reading \'includes\')"): the process exits 1. Node 22.23.5, Node 24.22.3 and npm undici 6.29 fail the handshake instead.',
    evidence: "Node 20's bundled undici (6.24.1) throws an uncaught TypeError",
    workaround:
      "header-options' createWebSocket / connect() always pass a protocols list, which avoids the crash (the matrix's createWebSocket half passes on Node 20); @ws-compat/socket cannot intercept it.",
  },
  {
    id: 'undici5-crash-inputs',
    implementations: 'undici 5.29 (client)',
    what: 'A close frame with an invalid UTF-8 reason or with code 1005 throws a TypeError inside the frame parser and kills the process; an unsolicited pong and a message of 3 or more fragments become messages without data.',
    evidence: 'undici 5.29',
    workaround:
      '@ws-compat/socket never delivers the data-less message: it reports UNDELIVERABLE_MESSAGE and closes (the process lives), but it cannot intercept the two crashes or recover the lost fragments: use undici 6 or later.',
  },
  {
    id: 'opens-on-unoffered-protocol',
    implementations:
      'Firefox ESR 153, WebSocket-Node 1.0.35 (client), aiohttp 3.8.4, tornado 6.2, websocket-client 1.2.3, gorilla/websocket 1.5.0 (clients)',
    what: 'A 101 whose Sec-WebSocket-Protocol selects a subprotocol the client never offered opens the connection; RFC 6455 section 4.1 says the client MUST fail it. Firefox and WebSocket-Node check the selection only when they offered some; the Python and Go libraries hand the app whatever the server said.',
    evidence: 'never offered',
    workaround:
      "On Node, header-options' connect() checks the selected protocol (SUBPROTOCOL) whatever the client; elsewhere, compare the socket's protocol with your offer and close it yourself (Chromium and WebKit already fail the handshake).",
  },
  {
    id: 'faye-overlong-close-reason',
    implementations: 'faye-websocket 0.11.4 (the Client)',
    what: "close(code, reason) does not check the reason's length: a 124-byte reason makes a 126-byte close payload, over RFC 6455's 125-byte limit for control frames, so the peer fails the connection with 1002 instead of closing cleanly; a bad code is refused with a plain Error, not the standard DOMException.",
    evidence: "over RFC 6455's 125-byte control frame limit",
    workaround:
      'Keep close reasons within 123 UTF-8 bytes yourself; @ws-compat/socket refuses a longer one (SyntaxError) on the sockets it wraps.',
  },
  {
    id: 'tornado-invalid-close-reason-hang',
    implementations: 'tornado 6.2 (client)',
    what: "A close frame whose reason is not valid UTF-8 raises inside tornado's frame loop: read_message() never resolves and no close is reported, so the app waits forever.",
    evidence: 'read_message() never resolves',
    workaround:
      'None in the library: wrap read_message() in a timeout (asyncio.wait_for) so a broken peer cannot hang the app.',
  },
  {
    id: 'aiohttp-close-while-receiving',
    implementations: 'aiohttp 3.8.4 (client)',
    what: "close() called while another task awaits receive() (the usual reader task) sends the close frame and drops the connection without reading the peer's answer: close_code stays None and the peer's code and reason are lost.",
    evidence: 'close() from one task while another awaits receive()',
    workaround:
      "Close from the reader task, or stop the reader first; the peer's close then arrives as a CLOSE message.",
  },
];
