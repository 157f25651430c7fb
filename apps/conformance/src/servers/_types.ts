import type { ProgramSpec } from '../programs.js';
import type { ExpectedFailure } from '../status.js';

/** The ws server class of any major: `new Server({ server, ...options })`. */
export type ServerClass = new (
  options: Record<string, unknown>,
) => {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  close(callback?: () => void): void;
};

/** Server families, as in shared/ARCHITECTURE.md. */
export type ServerFamily =
  | 'ws'
  | 'fastify-websocket'
  | 'crossws'
  | 'hono'
  | 'websocket-node'
  | 'faye-websocket'
  | 'python-websockets'
  | 'aiohttp'
  | 'starlette'
  | 'tornado'
  | 'gorilla';

/**
 * One Node server implementation under test: how to load it and what it does differently, declared
 * beside it. Node servers run on Node 18, the oldest runtime the packages support, wired with
 * connection-context.
 */
export interface NodeServerAdapter {
  /** what `--servers` matches, e.g. `ws@2` */
  selector: string;
  family: ServerFamily;
  major: number;
  /** the npm alias */
  packageName: string;
  /** the server class, in the server child */
  load: () => Promise<ServerClass>;
  expectedFailures: readonly ExpectedFailure[];
}

/**
 * A server outside Node: a program in its own language (line protocol, child/lines.ts) that reports
 * what the server's own API gave its handler.
 */
export interface ProgramServerAdapter {
  /** what `--servers` matches, e.g. `aiohttp`, `starlette+wsproto` */
  selector: string;
  family: ServerFamily;
  program: ProgramSpec;
  expectedFailures: readonly ExpectedFailure[];
}

export type ServerAdapter = NodeServerAdapter | ProgramServerAdapter;

/** Whether a server adapter is a program (not Node). */
export function isProgramServer(adapter: ServerAdapter): adapter is ProgramServerAdapter {
  return 'program' in adapter;
}
