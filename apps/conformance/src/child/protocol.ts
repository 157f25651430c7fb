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

export type ToClientChild =
  | { type: 'attempt'; id: number; spec: AttemptSpec | NativeAttemptSpec }
  | { type: 'ping'; id: number }
  | { type: 'exit' };

export type FromClientChild =
  | { type: 'ready'; info: ImplementationInfo }
  | { type: 'result'; id: number; outcome: AttemptOutcome }
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
}

/** What a server program (Python, Go) writes, one line each: its own view of every request. */
export type FromNativeServerChild =
  | { type: 'ready'; info: ImplementationInfo; ports: Record<ServerMode, number> | null; engine?: string }
  | { type: 'connection'; native: NativeRequestView }
  | { type: 'message'; target: string; text: string };

export type FromServerChild =
  | { type: 'ready'; info: ImplementationInfo; ports: Record<ServerMode, number> | null }
  | { type: 'connection'; report: ServerConnectionReport }
  | { type: 'message'; attemptKey: string; text: string };

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
