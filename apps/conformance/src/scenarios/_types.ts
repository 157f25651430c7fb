import type {
  AttemptOptions,
  AttemptOutcome,
  ConnectionResult,
  ConnectionStep,
  ImplementationInfo,
  ScriptBinaryType,
  ServerConnectionReport,
  ServerMode,
} from '../child/protocol.js';
import type { ClientAdapter } from '../clients/_types.js';
import type { ParsedHead } from '../http-head.js';
import type { RecordedConnection } from '../recorder.js';
import type { ServerAdapter } from '../servers/_types.js';
import type { Verdict } from '../status.js';

/**
 * Where an attempt goes: straight through the recorder to the server, through the recorder and a
 * trusted proxy hop, to a recorder that never answers, or to a port nobody listens on.
 */
export type Route = 'direct' | 'proxy' | 'silent' | 'refused';

export interface AttemptRequest {
  /** path and query after the attempt prefix, e.g. `/headers?x=1` */
  path: string;
  /** path segments before the attempt prefix, e.g. `//evil.example` (a target that looks like a host) */
  pathPrefix?: string;
  options: AttemptOptions;
  /** connect()'s timeoutMs; default 5000 */
  timeoutMs?: number;
  /** exchange one message after open; default true */
  exchange?: boolean;
  /** the server configuration; default 'main' */
  mode?: ServerMode;
  /** default 'direct' */
  route?: Route;
}

export interface AttemptRecord {
  url: string;
  /** the request path the server sees, prefix included */
  serverPath: string;
  outcome: AttemptOutcome;
  /** every connection the recorder saw */
  connections: RecordedConnection[];
  /** the first connection's request and response heads */
  request: ParsedHead | null;
  response: ParsedHead | null;
  /** what the server reported for this attempt, or null when nothing reached it */
  server: ServerConnectionReport | null;
  recorderPort: number;
}

/** One connection script by the client under test (connection scenarios). */
export interface ConnectionRequest {
  /**
   * Who answers: the server of the cell (its `main` configuration; it echoes and obeys
   * `serverCommand`s), or a URL (a raw wire-kit peer the scenario drives itself)
   */
  peer: 'server' | { url: string };
  steps: ConnectionStep[];
  /** default [] */
  protocols?: string[];
  /** `new WebSocket(url)` instead of header-options' createWebSocket (see ConnectionSpec.bare) */
  bare?: boolean;
  binaryType?: ScriptBinaryType;
  /** default CONNECTION_CLOSE_TIMEOUT_MS */
  closeTimeoutMs?: number;
  /** default 0 */
  throwingListeners?: number;
  /** default 5000; 0: run the steps while CONNECTING */
  openTimeoutMs?: number;
  /** default 100 */
  settleMs?: number;
}

export interface ConnectionRecord {
  url: string;
  result: ConnectionResult;
  /**
   * What the server reported for this connection (peer 'server'), with its socket's events once its
   * close event came (bounded wait), or null (a raw peer, or nothing reached the server)
   */
  server: ServerConnectionReport | null;
}

/** A raw request to the cell's server: for handshake facts no client library can produce. */
export interface RawTarget {
  /** port of the server's configuration */
  port: number;
  /** the request path to use: attempt prefix and key, so the report finds the cell */
  path: string;
  /**
   * the server's report for that path, waiting up to `timeoutMs` for it, and with `untilClosed` as long
   * again for its socket's close event
   */
  report(timeoutMs: number, untilClosed?: boolean): Promise<ServerConnectionReport | null>;
}

export interface CellContext {
  client: { adapter: ClientAdapter; id: string; info: ImplementationInfo };
  server: { adapter: ServerAdapter; id: string };
  /**
   * Which implementation the cell judges (whole-connection scenarios pair each side with a reference
   * one): the client (against the reference server), the server (against the reference client), or
   * both (every other scenario, and the reference pair itself). A scenario with raw-peer halves runs
   * only the halves that are true.
   */
  halves: { client: boolean; server: boolean };
  attempt(request: AttemptRequest): Promise<AttemptRecord>;
  /** runs one connection script in the client, against the server or a raw peer */
  connection(request: ConnectionRequest): Promise<ConnectionRecord>;
  /** a path on the server for a raw request (`@ws-compat/wire`'s rawExchange / connectRaw) */
  rawTarget(mode?: ServerMode): RawTarget;
  /** whether the client's process still runs and answers */
  alive(): Promise<{ alive: boolean; reason: string }>;
}

/**
 * The halves of a whole-connection scenario's cells: `clients`, each client against the reference
 * server (ws 8, its sockets wrapped); `servers`, each server against the reference client (ws 8,
 * wrapped); `every-server`, every server, also those that serve no connection scenarios (a handshake
 * fact checked with a raw request). The full client x server product is never run for these.
 */
export type ReferenceSide = 'clients' | 'servers' | 'every-server';

/**
 * A scenario, written once and run for every client (x every server when `perServer`); it returns
 * what it found, and declarations beside the adapters decide what that means.
 */
export interface Scenario {
  id: string;
  title: string;
  /** false: the server does not matter (nothing should reach it), run against the newest one only */
  perServer: boolean;
  /**
   * runs beside the client's other shared cells (its connections are independent and cannot kill the
   * client); default false: the cell has the client to itself
   */
  sharesClient?: boolean;
  /** a whole-connection scenario: which reference halves it has (then `perServer` is ignored) */
  reference?: readonly ReferenceSide[];
  run(cell: CellContext): Promise<Verdict>;
}
