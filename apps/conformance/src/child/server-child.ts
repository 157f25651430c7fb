// A server child: one ws major on Node 18, wired with connection-context, three configurations
// (main, reject, mismatch) each on its own loopback port. Reports every connection over IPC.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import * as connectionContext from '@ws-compat/connection-context';
import { readPackageVersion } from '../package-version.js';
import {
  type FrameworkServerAdapter,
  isFrameworkServer,
  isProgramServer,
  type NodeServerAdapter,
  serverAdapters,
} from '../servers/index.js';
import { serveNativeConnection } from './native-server.js';
import {
  attemptKeyOf,
  type FromServerChild,
  type ServerConnectionReport,
  type ServerContextReport,
  type ServerMode,
} from './protocol.js';
import { type ConnectionReporter, serveConnection } from './server-connection.js';

interface ContextLike {
  id: string;
  url: string;
  path: string;
  query: Iterable<[string, string]> & { get(name: string): string | null };
  headers: { entries(): Iterable<[string, string]> };
  origin: string | null;
  host: string | null;
  userAgent: string | null;
  subprotocols: readonly string[];
  auth: { scheme: string; token: string; source: string } | null;
  client: {
    address: string | null;
    port: number | null;
    family: string | null;
    forwardedFor: readonly string[];
    viaProxy: boolean;
  };
  secure: boolean;
}

interface ContextApi {
  withConnectionContext(
    serverOptions: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): Record<string, unknown>;
  contextOf(ws: unknown, req?: unknown): ContextLike | undefined;
}

/** The attach options of each configuration; trusted proxy hops come from 127.0.0.2 only. */
const MODE_OPTIONS: Record<ServerMode, Record<string, unknown>> = {
  main: { protocols: ['chat', 'superchat'], trustProxy: ['127.0.0.2'] },
  reject: { protocols: ['chat'], authenticate: () => false },
  mismatch: { protocols: ['other'] },
};

function send(message: FromServerChild): void {
  process.send?.(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function serialize(ctx: ContextLike): ServerContextReport {
  return {
    id: ctx.id,
    url: ctx.url,
    path: ctx.path,
    query: [...ctx.query].map(([name, value]) => [name, value]),
    queryProto: ctx.query.get('__proto__'),
    headers: [...ctx.headers.entries()].map(([name, value]) => [name, value]),
    origin: ctx.origin,
    host: ctx.host,
    userAgent: ctx.userAgent,
    subprotocols: [...ctx.subprotocols],
    auth:
      ctx.auth === null ? null : { scheme: ctx.auth.scheme, token: ctx.auth.token, source: ctx.auth.source },
    client: {
      address: ctx.client.address,
      port: ctx.client.port,
      family: ctx.client.family,
      forwardedFor: [...ctx.client.forwardedFor],
      viaProxy: ctx.client.viaProxy,
    },
    secure: ctx.secure,
    json: JSON.stringify(ctx),
  };
}

async function main(): Promise<void> {
  const selector = process.argv[2] ?? '';
  const adapter = serverAdapters.find(
    (candidate): candidate is NodeServerAdapter | FrameworkServerAdapter =>
      candidate.selector === selector && !isProgramServer(candidate),
  );
  const require = createRequire(import.meta.url);
  const runtime = `node@${process.versions.node}`;
  if (adapter === undefined) {
    send({
      type: 'ready',
      info: { version: '', runtime, loadError: `unknown server ${selector}` },
      ports: null,
    });
    return;
  }
  const version = readPackageVersion(require, adapter.packageName);
  const api = connectionContext as unknown as Partial<ContextApi>;
  if (typeof api.withConnectionContext !== 'function' || typeof api.contextOf !== 'function') {
    const missing = ['withConnectionContext', 'contextOf'].filter(
      (name) => typeof (api as Record<string, unknown>)[name] !== 'function',
    );
    send({
      type: 'ready',
      info: {
        version,
        runtime,
        loadError: `@ws-compat/connection-context does not export ${missing.join(', ')} yet`,
      },
      ports: null,
    });
    return;
  }
  const { withConnectionContext, contextOf } = api as ContextApi;
  if (isFrameworkServer(adapter)) {
    await serveFramework(adapter, version, runtime);
    return;
  }
  let ServerClass: Awaited<ReturnType<typeof adapter.load>>;
  try {
    ServerClass = await adapter.load();
  } catch (error) {
    send({ type: 'ready', info: { version, runtime, loadError: describe(error) }, ports: null });
    return;
  }
  const httpServers: Server[] = [];
  const ports = {} as Record<ServerMode, number>;
  try {
    for (const mode of Object.keys(MODE_OPTIONS) as ServerMode[]) {
      const http = createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain' });
        res.end('WebSocket only');
      });
      httpServers.push(http);
      const options = withConnectionContext({ server: http }, MODE_OPTIONS[mode]);
      const wss = new ServerClass(options);
      wss.on('error', () => {});
      wss.on('connection', (...args: unknown[]) => onConnection(mode, args, contextOf));
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(0, '127.0.0.1', () => resolve());
      });
      const address = http.address();
      if (address === null || typeof address === 'string') throw new Error('server did not bind a port');
      ports[mode] = address.port;
    }
  } catch (error) {
    sendReady(version, runtime, null, error);
    return;
  }
  sendReady(version, runtime, ports, null);
}

/** Tells the orchestrator the server is up on `ports`, or why its wiring failed (`ports` null). */
function sendReady(
  version: string,
  runtime: string,
  ports: Record<ServerMode, number> | null,
  error: unknown,
): void {
  const loadError = ports === null ? `wiring failed: ${describe(error)}` : null;
  send({ type: 'ready', info: { version, runtime, loadError }, ports });
}

interface FrameworkContextApi {
  buildConnectionContext(source: unknown, options?: Record<string, unknown>): ContextLike;
  selectSubprotocol(offered: Iterable<string>, supported: readonly string[]): string | false;
}

/** A Node framework: each configuration on its own port, connection-context built from its request. */
async function serveFramework(
  adapter: FrameworkServerAdapter,
  version: string,
  runtime: string,
): Promise<void> {
  const api = connectionContext as unknown as FrameworkContextApi;
  const ports = {} as Record<ServerMode, number>;
  try {
    for (const mode of Object.keys(MODE_OPTIONS) as ServerMode[]) {
      const {
        protocols,
        authenticate: _authenticate,
        ...contextOptions
      } = MODE_OPTIONS[mode] as {
        protocols: string[];
        authenticate?: unknown;
      };
      const served = await adapter.serve({
        supported: protocols,
        reject: mode === 'reject',
        buildContext: (source, extra) => api.buildConnectionContext(source, { ...contextOptions, ...extra }),
        selectSubprotocol: (offered, supported) => api.selectSubprotocol(offered, supported),
        opened: ({ url, protocol, context, offered, echo, socket, native }) => {
          const attemptKey = attemptKeyOf(url) ?? '';
          let serialized: ServerContextReport | null = null;
          let contextError: string | null = null;
          try {
            serialized = serialize(context() as ContextLike);
          } catch (error) {
            contextError = `buildConnectionContext() threw ${describe(error)}`;
          }
          send({
            type: 'connection',
            report: {
              attemptKey,
              source: 'connection-context',
              offered,
              mode,
              protocol,
              context: serialized,
              contextError,
              messages: [],
            },
          });
          // a framework that hands over its ws socket is wrapped like a ws server; one with its own
          // socket API is served through it; the others echo text
          if (native !== undefined) return serveNativeConnection(native, reporterFor(attemptKey));
          if (socket !== undefined) serveConnection(socket, reporterFor(attemptKey));
          else {
            echo?.onText((text) => {
              send({ type: 'message', attemptKey, text });
              echo.send(text);
            });
          }
          return null;
        },
      });
      ports[mode] = served.port;
    }
  } catch (error) {
    sendReady(version, runtime, null, error);
    return;
  }
  sendReady(version, runtime, ports, null);
}

function onConnection(mode: ServerMode, args: unknown[], contextOf: ContextApi['contextOf']): void {
  const ws = args[0] as {
    protocol?: string;
    upgradeReq?: IncomingMessage;
    on(event: string, listener: (...data: unknown[]) => void): void;
    send(text: string): void;
  };
  // ws 2 passes only the socket (the request is ws.upgradeReq); ws 3+ pass (ws, req)
  const req = (args[1] as IncomingMessage | undefined) ?? ws.upgradeReq;
  const attemptKey = attemptKeyOf(req?.url ?? '') ?? '';
  let context: ServerContextReport | null = null;
  let contextError: string | null = null;
  try {
    const ctx = contextOf(ws, req);
    if (ctx === undefined) contextError = 'contextOf() returned undefined';
    else context = serialize(ctx);
  } catch (error) {
    contextError = `contextOf() threw ${describe(error)}`;
  }
  const report: ServerConnectionReport = {
    attemptKey,
    source: 'connection-context',
    offered: null,
    mode,
    protocol: typeof ws.protocol === 'string' ? ws.protocol : '',
    context,
    contextError,
    messages: [],
  };
  send({ type: 'connection', report });
  serveConnection(ws, reporterFor(attemptKey));
}

/** Reports a connection's events and texts over IPC, keyed by its attempt. */
function reporterFor(attemptKey: string): ConnectionReporter {
  return {
    event: (event) => send({ type: 'event', attemptKey, event }),
    text: (text) => send({ type: 'message', attemptKey, text }),
  };
}

process.on('disconnect', () => process.exit(0));
process.on('message', (message: { type?: string }) => {
  if (message.type === 'exit') process.exit(0);
});
main().catch((error: unknown) => {
  send({
    type: 'ready',
    info: { version: '', runtime: `node@${process.versions.node}`, loadError: describe(error) },
    ports: null,
  });
});
