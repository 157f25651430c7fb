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

export type ToClientChild =
  | { type: 'attempt'; id: number; spec: AttemptSpec }
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
  mode: ServerMode;
  /** the negotiated subprotocol on the server's socket */
  protocol: string;
  context: ServerContextReport | null;
  /** why contextOf() gave nothing or threw, else null */
  contextError: string | null;
  /** text the server received and echoed */
  messages: string[];
}

export type FromServerChild =
  | { type: 'ready'; info: ImplementationInfo; ports: Record<ServerMode, number> | null }
  | { type: 'connection'; report: ServerConnectionReport }
  | { type: 'message'; attemptKey: string; text: string };

export type ToServerChild = { type: 'exit' };

/** Request paths start with this and the attempt key, so a server report finds its cell. */
export const ATTEMPT_PATH_PREFIX = '/__attempt/';

/** The attempt key of a request target, or null. */
export function attemptKeyOf(url: string): string | null {
  if (!url.startsWith(ATTEMPT_PATH_PREFIX)) return null;
  const rest = url.slice(ATTEMPT_PATH_PREFIX.length);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}
