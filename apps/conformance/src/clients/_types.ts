import type { NodeMajor } from '@ws-compat/node-runtimes';
import type { ProgramSpec } from '../programs.js';
import type { ExpectedFailure } from '../status.js';

/**
 * Where a client runs: a Node runtime (with flags) going through header-options, a browser driven
 * from a Node child, or a program in its own language using the client's own API (line protocol).
 */
export type ClientRuntime =
  | { kind: 'node'; major: NodeMajor; flags: readonly string[] }
  | { kind: 'browser' }
  | ({ kind: 'program' } & ProgramSpec);

/** Client families, as in shared/ARCHITECTURE.md. */
export type ClientFamily =
  | 'ws'
  | 'undici'
  | 'node-global'
  | 'chromium'
  | 'firefox'
  | 'webkit'
  | 'websocket-node'
  | 'faye-websocket'
  | 'partysocket'
  | 'python-websockets'
  | 'aiohttp'
  | 'tornado'
  | 'websocket-client'
  | 'gorilla';

/**
 * One client implementation under test, crossws style: a small file that says how to load it, where
 * it runs, what it can do, and which scenarios it is known to fail and why.
 */
export interface ClientAdapter {
  /** what `--clients` matches, e.g. `ws@8`, `undici@5`, `node-global@22`, `chromium` */
  selector: string;
  family: ClientFamily;
  runtime: ClientRuntime;
  /** the npm alias whose package.json gives the version (Node clients of a package) */
  packageName?: string;
  /** the WebSocket class, in the child process */
  load?: () => Promise<unknown>;
  capabilities: {
    /** can send custom request headers (browsers cannot) */
    headers: boolean;
    /** how many subprotocols one handshake can offer */
    maxProtocols: number;
    /**
     * runs connection scripts (child/connection.ts) for the whole-connection scenarios; default: the
     * families @ws-compat/socket wraps in Node (ws, undici, Node's globals), the others once their
     * driver or program can
     */
    connection?: boolean;
  };
  expectedFailures: readonly ExpectedFailure[];
}

/** The families @ws-compat/socket wraps in Node: they run the whole-connection scenarios by default. */
const WRAPPED_FAMILIES: readonly ClientFamily[] = ['ws', 'undici', 'node-global'];

/** Whether a client runs the whole-connection scenarios (see `capabilities.connection`). */
export function runsConnections(adapter: ClientAdapter): boolean {
  return adapter.capabilities.connection ?? WRAPPED_FAMILIES.includes(adapter.family);
}
