// The one table of what connect() and detection rely on per implementation and version: the events,
// handler hooks and fields they read, and the two texts detection still matches. Everything else is
// plain public API. Each row is checked against the real version in capabilities.test.ts, so an
// upstream change shows up there first, by row id.

/** One fact the shim relies on, for one implementation and version range. */
export interface CapabilityRow {
  /** Stable id, named in code comments and tests. */
  readonly id: string;
  readonly implementation: 'ws' | 'undici' | 'node';
  /** The versions it holds for, as tested (`ws 2.3.1–3.3.3`, `undici 5.29.0–7.30.2`, ...). */
  readonly versions: string;
  /** `event` / `hook`: public structured data; `internal`: a private field; `text`: a string matched. */
  readonly kind: 'event' | 'hook' | 'internal' | 'text' | 'version';
  /** What exactly is read. */
  readonly reliesOn: string;
  /** Why nothing sturdier serves. */
  readonly why: string;
}

/** ws 2–3 emit `'headers'` `(headers, response)`, ws 4–8 `'upgrade'` `(response)`, before checking the 101. */
export const WS_RESPONSE_EVENTS = { headers: 'headers', upgrade: 'upgrade' } as const;
/** ws 2–8 emit `(request, response)` instead of failing with a text message when someone listens. */
export const WS_UNEXPECTED_RESPONSE_EVENT = 'unexpected-response';
/** The net.Socket behind an open ws socket (ws 2–8). */
export const WS_RAW_SOCKET_FIELD = '_socket';
/** Set by ws 8's own `pause()`: the caller asked to pause. */
export const WS_PAUSED_FLAG = 'isPaused';
/** Where undici copies publish their global dispatcher: `.1` (undici 5–8, Node 18+), `.2` (undici 7–8, Node 24); looked up in this order. */
export const UNDICI_GLOBAL_DISPATCHERS: readonly symbol[] = [
  Symbol.for('undici.globalDispatcher.1'),
  Symbol.for('undici.globalDispatcher.2'),
];
/** In the source of undici's WebSocket constructor (5–8, Node's globals): it converts a `WebSocketInit`. */
export const UNDICI_SOURCE_MARK = 'WebSocketInit';
/** In undici 5's constructor only: its experimental warning code. */
export const UNDICI5_SOURCE_MARK = 'UNDICI-WS';
/** Node's bundled undici from 6.0.0 up to this version (excluded) crashes on an unoffered subprotocol. */
export const NODE_UNOFFERED_SUBPROTOCOL_FIXED = [6, 28, 1] as const;

/** The table. */
export const CAPABILITIES: readonly CapabilityRow[] = Object.freeze([
  {
    id: 'ws-response-event',
    implementation: 'ws',
    versions: 'ws 2.3.1–3.3.3: headers; ws 4.1.0–8.23.0: upgrade',
    kind: 'event',
    reliesOn: `'${WS_RESPONSE_EVENTS.headers}' (headers, response) on ws 2–3, '${WS_RESPONSE_EVENTS.upgrade}' (response) on ws 4–8, emitted before ws checks the 101`,
    why: 'ws words subprotocol failures differently in every major and never names the protocol; the response headers let connect() check RFC 6455 §4.1 itself and report SUBPROTOCOL with the protocol',
  },
  {
    id: 'ws-unexpected-response',
    implementation: 'ws',
    versions: 'ws 2.3.1–8.23.0',
    kind: 'event',
    reliesOn: `'${WS_UNEXPECTED_RESPONSE_EVENT}' (request, response) with response.statusCode`,
    why: 'the status, as a number, for REJECTED; without a listener ws only puts it in an error text',
  },
  {
    id: 'ws-error-code',
    implementation: 'ws',
    versions: 'ws 2.3.1–8.23.0',
    kind: 'event',
    reliesOn: "'error' with Node's system error, its .code (ECONNREFUSED, ENOTFOUND, ...)",
    why: 'REFUSED comes from the code, never from the message',
  },
  {
    id: 'ws-raw-socket',
    implementation: 'ws',
    versions: 'ws 2.3.1–8.23.0 (isPaused: ws 8)',
    kind: 'internal',
    reliesOn: `${WS_RAW_SOCKET_FIELD}.readableLength at 'open' (the bytes that came with the 101, put back by ws); when there are any, ${WS_RAW_SOCKET_FIELD}.pause() / .resume() for one macrotask; ws 8's ${WS_PAUSED_FLAG}`,
    why: "ws emits the messages that came with the 101 before `await connect()` resumes; ws 4–7 have no public pause(), and the public pause() of ws 2, 3 and 8 cannot be told apart from the caller's own",
  },
  {
    id: 'undici-global-dispatcher',
    implementation: 'undici',
    versions:
      'undici 5.29.0–7.30.2 and Node 20 (undici 6.24.1) send through .1 (undici 7 also fills .2); undici 8 sends through .2 and publishes a wrapper of it as .1',
    kind: 'internal',
    reliesOn:
      "globalThis[Symbol.for('undici.globalDispatcher.1')], else [...2]: the dispatcher a WebSocket without native.dispatcher uses",
    why: 'the guard wraps the dispatcher the WebSocket would use; when neither is there (e.g. undici 8 under a frozen globalThis) the guard cannot be installed: detectImplementation() says handshakeGuard: false and connect() says so in its NETWORK messages',
  },
  {
    id: 'undici-handler-hooks',
    implementation: 'undici',
    versions: 'undici 5.29.0–7.30.2, Node 20 (undici 6.24.1)',
    kind: 'hook',
    reliesOn:
      'dispatch handler onHeaders(status) for a non-101, onUpgrade(101, rawHeaders, socket) (undici 7 also onRequestUpgrade(controller, 101, headers, socket)), onError(error) with .code',
    why: 'undici 5/6 never fire close after a failed handshake, undici 7 and Node 24 give an empty message, and Node 20 crashes on an unoffered subprotocol: the dispatcher sees status, headers and error codes first',
  },
  {
    id: 'undici-source-mark',
    implementation: 'undici',
    versions: 'undici 5.29.0–7.30.2, Node 20 (undici 6.24.1)',
    kind: 'text',
    reliesOn: `"${UNDICI_SOURCE_MARK}" in the constructor's source`,
    why: 'undici and a browser WebSocket have the same shape; only undici takes a WebSocketInit dictionary with headers, and nothing else says so',
  },
  {
    id: 'undici5-source-mark',
    implementation: 'undici',
    versions: 'undici 5.29.0 (absent from 6 and 7)',
    kind: 'text',
    reliesOn: `"${UNDICI5_SOURCE_MARK}" (its experimental warning) in the constructor's source`,
    why: 'undici 5 fails every handshake that offers two subprotocols; the npm package does not expose its version',
  },
  {
    id: 'node-unoffered-subprotocol-crash',
    implementation: 'node',
    versions: `Node's bundled undici 6.0.0 to before ${NODE_UNOFFERED_SUBPROTOCOL_FIXED.join('.')} (Node 20: 6.24.1)`,
    kind: 'version',
    reliesOn: 'process.versions.undici',
    why: 'Node 20 throws an uncaught TypeError when a server selects a subprotocol none was offered; createWebSocket() installs the guard there too',
  },
]);
