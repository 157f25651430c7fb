import type {
  AttemptOptions,
  AttemptOutcome,
  ImplementationInfo,
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

export interface CellContext {
  client: { adapter: ClientAdapter; id: string; info: ImplementationInfo };
  server: { adapter: ServerAdapter; id: string };
  attempt(request: AttemptRequest): Promise<AttemptRecord>;
  /** whether the client's process still runs and answers */
  alive(): Promise<{ alive: boolean; reason: string }>;
}

/**
 * A scenario, written once and run for every client (x every server when `perServer`); it returns
 * what it found, and declarations beside the adapters decide what that means.
 */
export interface Scenario {
  id: string;
  title: string;
  /** false: the server does not matter (nothing should reach it), run against the newest one only */
  perServer: boolean;
  run(cell: CellContext): Promise<Verdict>;
}
