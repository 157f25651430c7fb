import type { NativeServerEvents, NativeServerSocket } from '../child/native-server.js';
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
  /** the program serves the whole-connection scenarios with the server's own API (connection messages) */
  connection?: boolean;
  expectedFailures: readonly ExpectedFailure[];
}

/** What a framework adapter gets for one configuration (mode) of its server. */
export interface FrameworkTools {
  /** the subprotocols this configuration supports (empty: accept none) */
  supported: readonly string[];
  /** refuse every handshake with 401 and WWW-Authenticate: Bearer, the framework's way */
  reject: boolean;
  /**
   * connection-context's buildConnectionContext and selectSubprotocol (the shims, as users wire them);
   * `options.remoteAddress` is the peer's address for a WHATWG `Request` source (crossws)
   */
  buildContext(source: unknown, options?: { remoteAddress?: string }): unknown;
  selectSubprotocol(offered: Iterable<string>, supported: readonly string[]): string | false;
  /**
   * Reports an open connection: the raw request target, the protocol on the framework's socket, the
   * context (or why there is none), the offer as the framework's API gave it, and how the connection is
   * served. Returns the handlers for the framework's events when `native` was given, else null.
   */
  opened(connection: {
    url: string;
    protocol: string;
    context: () => unknown;
    offered: string[] | null;
    /** a framework that only echoes text (no connection scenarios): its text in and out */
    echo?: { onText(listener: (text: string) => void): void; send(text: string): void };
    /**
     * The framework's ws socket when it has one (@fastify/websocket, @hono/node-ws): then the server
     * wraps it with wrapSocket and serves connection scenarios through it, and `echo` is not used
     */
    socket?: unknown;
    /**
     * The framework's own socket API (`connection: true` adapters): the server child serves the
     * connection scenarios through it (child/native-server.ts) and returns the event handlers
     */
    native?: NativeServerSocket;
  }): NativeServerEvents | null;
}

/**
 * A Node framework server (hono, WebSocket-Node, ...): one function that serves one configuration on
 * a loopback port, wired with connection-context where the framework exposes the request.
 */
export interface FrameworkServerAdapter {
  selector: string;
  family: ServerFamily;
  /** the npm package whose version is the server's */
  packageName: string;
  serve(tools: FrameworkTools): Promise<{ port: number }>;
  /** `opened()` gets the framework's ws socket: connection scenarios run on this server */
  wsSocket?: boolean;
  /** the adapter serves the whole-connection scenarios with the framework's own socket API */
  connection?: boolean;
  expectedFailures: readonly ExpectedFailure[];
}

export type ServerAdapter = NodeServerAdapter | FrameworkServerAdapter | ProgramServerAdapter;

/** Whether a server adapter is a Node framework (not ws). */
export function isFrameworkServer(adapter: ServerAdapter): adapter is FrameworkServerAdapter {
  return 'serve' in adapter;
}

/**
 * Whether whole-connection scenarios run on a server: ws (its sockets wrapped in `connection`), the
 * frameworks that hand over their ws socket, and the frameworks and programs that declare
 * `connection: true` (served with their own socket API). The others only echo text.
 */
export function servesConnections(adapter: ServerAdapter): boolean {
  if (isProgramServer(adapter)) return adapter.connection === true;
  return isFrameworkServer(adapter) ? adapter.wsSocket === true || adapter.connection === true : true;
}

/** Whether a server adapter is a program (not Node). */
export function isProgramServer(adapter: ServerAdapter): adapter is ProgramServerAdapter {
  return 'program' in adapter;
}
