/** The messages between the orchestrator and its client and server children (IPC, JSON). */

/** A header init that survives JSON: the child rebuilds the real `Headers` / `Map` / pairs. */
export type HeaderShape =
  | { shape: 'record'; value: Record<string, string | string[]> }
  | { shape: 'headers' | 'map' | 'pairs'; entries: [string, string | string[]][] };

export type HeaderOptionName =
  | 'headers'
  | 'extraHeaders'
  | 'additionalHeaders'
  | 'extra_headers'
  | 'additional_headers';

export interface AttemptOptions {
  headers?: HeaderShape;
  extraHeaders?: HeaderShape;
  additionalHeaders?: HeaderShape;
  extra_headers?: HeaderShape;
  additional_headers?: HeaderShape;
  protocols?: string | string[];
  origin?: string;
  bearer?: string;
  fallback?: 'subprotocol' | 'query' | 'error';
  tokenQueryParam?: string;
  /** override detection, e.g. 'browser' to make a Node client send the token as a subprotocol */
  implementation?: 'ws' | 'undici' | 'node' | 'browser';
}

/** One `connect()` by the client under test. */
export interface AttemptSpec {
  url: string;
  options: AttemptOptions;
  /** passed to connect() as timeoutMs */
  timeoutMs: number;
  /** after open, send a text message and wait for the server's echo */
  exchange: boolean;
}

export interface ErrorInfo {
  name: string;
  code: string | null;
  status: number | null;
  message: string;
  /** thrown by connect() itself instead of rejecting its promise */
  synchronous: boolean;
}

export interface AttemptOutcome {
  opened: boolean;
  /** the instance's `protocol` after open */
  protocol: string | null;
  /** null when no exchange was asked or the socket did not open */
  echoed: boolean | null;
  error: ErrorInfo | null;
  /** every warning the process emitted so far (deprecations are once per process) */
  warnings: string[];
  durationMs: number;
}

export interface ImplementationInfo {
  /** the implementation's version (package version, or the browser's) */
  version: string;
  /** e.g. `node@20.20.2`, `chromium@156.0.8078.79` */
  runtime: string;
  /** why the implementation could not be loaded, else null */
  loadError: string | null;
}

/**
 * One attempt by a client that is not header-options (a Python or Go program): what its own API is
 * given, the way its users would write it. Built from an AttemptSpec by `toNativeSpec`.
 */
export interface NativeAttemptSpec {
  url: string;
  /** in order; a repeated name is a repeated header (the client's own API decides the bytes) */
  headers: [string, string][];
  protocols: string[];
  /** the client's own origin option (tornado and gorilla: an Origin header); null: its default */
  origin: string | null;
  timeoutMs: number;
  exchange: boolean;
}

/**
 * What the handler of a server that is not wired with connection-context (Python, Go) got from its
 * own API, reported over the line protocol; the runner derives the context the scenarios read.
 */
export interface NativeRequestView {
  mode: ServerMode;
  /** the request target as the API gives it */
  target: string;
  path: string;
  /** the query as the API parsed it, or null when it parses none */
  query: [string, string][] | null;
  /** what the API said about the query when it refused part of it, else null */
  queryError: string | null;
  headers: [string, string][];
  /** the host as the API gives it (Host header, or the target's authority for some) */
  host: string | null;
  /** the offered subprotocols as the API gave them, or null when it gives none */
  offered: string[] | null;
  /** the selected subprotocol on the server's socket */
  protocol: string;
  client: { address: string | null; port: number | null };
}

// ---------------------------------------------------------------------------------------------
// The connection protocol: whole-connection scenarios (after the handshake). Plain JSON both ways, so
// a Node child, a browser page and a Python or Go program can run the same script. A Node client and
// a browser open the socket with header-options' createWebSocket and wrap it at once with
// @ws-compat/socket's wrapSocket; every step then goes through the facade.

/** The binaryTypes of the facade; a script may also set any other string (it must be ignored). */
export type ScriptBinaryType = 'blob' | 'arraybuffer' | 'nodebuffer';

/** How binary bytes are handed to `send()`: each view must put exactly its bytes on the wire. */
export type BinaryView = 'arraybuffer' | 'uint8array' | 'uint16array' | 'dataview' | 'buffer' | 'blob';

/**
 * Data for `send()`, JSON-safe. `repeat` makes big payloads small in JSON: the text (or the decoded
 * bytes) repeated that many times. A `uint16array` view needs an even byte count.
 */
export type ScriptData =
  | { kind: 'text'; text: string; repeat?: number }
  | { kind: 'binary'; base64: string; view: BinaryView; repeat?: number };

/** One step of a connection script; steps run in order, each bounded. */
export type ConnectionStep =
  /** sets `socket.binaryType` (any string: an unknown value must be ignored) */
  | { op: 'binary-type'; value: string }
  | { op: 'send'; data: ScriptData }
  /** waits until `count` messages arrived in total since open (not per step) */
  | { op: 'await-messages'; count: number; timeoutMs: number }
  /**
   * `close(code, reason)`: an absent field is an omitted argument; `code: null` passes `undefined`
   * explicitly (`close(undefined, reason)`). A throw is recorded on the step and the script goes on.
   */
  | { op: 'close'; code?: number | null; reason?: string }
  /** waits for the `close` event (and `closed` to settle) */
  | { op: 'await-close'; timeoutMs: number }
  | { op: 'wait'; ms: number };

/** One whole-connection script for a client: open, run the steps, report everything seen. */
export interface ConnectionSpec {
  url: string;
  protocols: string[];
  /**
   * Open with the bare constructor, `new WebSocket(url)` (or `(url, protocols)`), instead of
   * header-options' createWebSocket: what users without the shims meet (capability rows). The socket
   * is still wrapped. Default false.
   */
  bare?: boolean;
  /** wrapSocket's `binaryType` option; absent: the facade's default ('blob') */
  binaryType?: ScriptBinaryType;
  /** wrapSocket's `closeTimeoutMs` */
  closeTimeoutMs: number;
  /**
   * Message listeners that throw on every message, added (addEventListener) before the recording
   * listener: the recording one must still see every message and the close.
   */
  throwingListeners: number;
  /**
   * How long the script waits for `open` before running the steps anyway (0: do not wait, run the steps
   * while CONNECTING: `close()` while connecting). A socket that never opens is not an error by itself:
   * the events say what happened.
   */
  openTimeoutMs: number;
  steps: ConnectionStep[];
  /** after the last step, how long readyState is watched to prove it stays where it is */
  settleMs: number;
}

/** A thrown exception or a facade error, JSON-safe. */
export interface ThrownInfo {
  /** `DOMException` names (`InvalidAccessError`, `SyntaxError`, `InvalidStateError`) or the class */
  name: string;
  /** SocketError's stable code, or null */
  code: string | null;
  message: string;
}

/** One thing the client saw, in order; `at` is ms since the script started. */
export type ObservedEvent =
  | { type: 'open'; at: number; readyState: number; protocol: string }
  | {
      type: 'message';
      at: number;
      /**
       * 'text' for a string; else what the data is: per binaryType, or 'other' (null, an object);
       * 'bytes': a client or server outside Node, whose library has no binaryType, gave its language's
       * byte string (Python `bytes`, Go `[]byte`)
       */
      kind: 'text' | 'blob' | 'arraybuffer' | 'nodebuffer' | 'bytes' | 'other';
      /** bytes (UTF-8 bytes for text) */
      size: number;
      /** FNV-1a 32-bit of the bytes, 8 hex digits (`contentDigest`) */
      digest: string;
      /** the first 32 characters of text, or the first 16 bytes as hex */
      head: string;
      readyState: number;
    }
  | {
      type: 'error';
      at: number;
      /** SocketError's code (`PROTOCOL_ERROR`, `CLOSE_TIMEOUT`...), null when the event has none */
      code: string | null;
      closeCode: number | null;
      message: string;
      readyState: number;
    }
  | {
      type: 'close';
      at: number;
      code: number;
      reason: string;
      /**
       * the close event's wasClean, or null where the library reports none (WebSocket-Node's
       * connection, faye, crossws, aiohttp, tornado, websocket-client, Starlette, gorilla; websockets
       * except ConnectionClosedOK): never derived from the code, and not judged by the scenarios
       */
      wasClean: boolean | null;
      readyState: number;
    }
  /** what a throwing listener threw, as `onListenerError` got it */
  | { type: 'listener-error'; at: number; message: string }
  /** a step ran; `threw` is what it threw, readyState right after */
  | {
      type: 'step';
      at: number;
      index: number;
      op: ConnectionStep['op'];
      threw: ThrownInfo | null;
      readyState: number;
    };

/** What a client reports for one connection script. */
export interface ConnectionOutcome {
  /** in order, steps included */
  events: ObservedEvent[];
  /** every distinct readyState in the order seen (sampled at each event, each step and while settling) */
  readyStates: number[];
  /** what `closed` resolved with by the end, or null when it had not settled */
  closed: { code: number; reason: string; wasClean: boolean | null } | null;
  /** readyState at the very end, after `settleMs` */
  finalReadyState: number;
  /** creating or wrapping the socket threw (nothing else ran), else null */
  setupError: ThrownInfo | null;
  /** a step or a wait was cut off by its timeout: which, else null */
  timedOut: string | null;
  durationMs: number;
}

/**
 * A connection's result as the runner records it: the outcome, or null when the client process died
 * (then `process.reason` says how), and whether the process still answers afterwards.
 */
export interface ConnectionResult {
  outcome: ConnectionOutcome | null;
  process: { alive: boolean; reason: string };
}

export type ToClientChild =
  | { type: 'attempt'; id: number; spec: AttemptSpec | NativeAttemptSpec }
  | { type: 'connection'; id: number; spec: ConnectionSpec }
  | { type: 'ping'; id: number }
  | { type: 'exit' };

export type FromClientChild =
  | { type: 'ready'; info: ImplementationInfo }
  | { type: 'result'; id: number; outcome: AttemptOutcome }
  | { type: 'connection-result'; id: number; outcome: ConnectionOutcome }
  | { type: 'pong'; id: number };

/** The three server configurations each server child runs, each on its own port. */
export type ServerMode = 'main' | 'reject' | 'mismatch';

export interface ServerContextReport {
  id: string;
  url: string;
  path: string;
  query: [string, string][];
  queryProto: string | null;
  headers: [string, string][];
  origin: string | null;
  host: string | null;
  userAgent: string | null;
  subprotocols: string[];
  auth: { scheme: string; token: string; source: string } | null;
  client: {
    address: string | null;
    port: number | null;
    family: string | null;
    forwardedFor: string[];
    viaProxy: boolean;
  };
  secure: boolean;
  /** JSON.stringify(ctx): must not contain the token */
  json: string;
}

/** What a server child saw for one connection, keyed by the attempt id in the request path. */
export interface ServerConnectionReport {
  attemptKey: string;
  /** where `context` comes from: connection-context (Node servers), or the server's own API */
  source: 'connection-context' | 'native';
  /** the offered subprotocols as a native server's API gave them (null for connection-context) */
  offered: string[] | null;
  mode: ServerMode;
  /** the negotiated subprotocol on the server's socket */
  protocol: string;
  context: ServerContextReport | null;
  /** why contextOf() gave nothing or threw, else null */
  contextError: string | null;
  /** text the server received and echoed */
  messages: string[];
  /**
   * Whole-connection scenarios: what the server's socket saw through the facade (ws servers wrapped with
   * wrapSocket in `connection`) or its own API (the others), in order; absent in older children.
   */
  events?: ObservedEvent[];
}

/**
 * Text a peer sends to a server under test to make it act (connection scenarios); every other message
 * is echoed as it came (text as text, binary as binary). Plain text, so a browser page or a program
 * drives a server the same way as a Node client.
 * - `@@close <code> <reason>`: the server calls `close(code, reason)` (reason: the rest of the line)
 * - `@@close-invalid <code>`: the server calls `close(code)` with a code the standard refuses and answers
 *   `threw <name>` or `did not throw`; the connection must stay usable
 * - `@@throw`: a server listener throws on this message; the echo of the next messages must still come
 */
export const SERVER_COMMAND_PREFIX = '@@';

/** Builds a server command (see {@link SERVER_COMMAND_PREFIX}). */
export function serverCommand(
  command: 'close' | 'close-invalid' | 'throw',
  code?: number,
  reason?: string,
): string {
  const parts = [`${SERVER_COMMAND_PREFIX}${command}`];
  if (code !== undefined) parts.push(String(code));
  if (reason !== undefined) parts.push(reason);
  return parts.join(' ');
}

/** What a server program (Python, Go) writes, one line each: its own view of every request. */
export type FromNativeServerChild =
  | { type: 'ready'; info: ImplementationInfo; ports: Record<ServerMode, number> | null; engine?: string }
  | { type: 'connection'; native: NativeRequestView }
  | { type: 'message'; target: string; text: string };

export type FromServerChild =
  | { type: 'ready'; info: ImplementationInfo; ports: Record<ServerMode, number> | null }
  | { type: 'connection'; report: ServerConnectionReport }
  | { type: 'message'; attemptKey: string; text: string }
  /** one event of a connection's server socket (connection scenarios), appended to its report */
  | { type: 'event'; attemptKey: string; event: ObservedEvent };

export type ToServerChild = { type: 'exit' };

/** Request paths start with this and the attempt key, so a server report finds its cell. */
export const ATTEMPT_PATH_PREFIX = '/__attempt/';

/**
 * The attempt key of a request target, or null. The prefix may follow other path segments (the
 * `//host` target scenario puts `//evil.example` before it), never the query.
 */
export function attemptKeyOf(url: string): string | null {
  const queryStart = url.indexOf('?');
  const at = url.indexOf(ATTEMPT_PATH_PREFIX);
  if (at === -1 || (queryStart !== -1 && at > queryStart)) return null;
  const rest = url.slice(at + ATTEMPT_PATH_PREFIX.length);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}
