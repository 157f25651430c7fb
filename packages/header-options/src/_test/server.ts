// Test-only: a ws@8 server on 127.0.0.1 that records what each handshake carried.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import type { WebSocketServer as WebSocketServerType } from 'ws';

const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws8') as { WebSocketServer: typeof WebSocketServerType };

/** How the server answers the handshake. */
export type ServerMode =
  | 'accept' // select the first offered subprotocol
  | 'select-none' // 101 without Sec-WebSocket-Protocol
  | 'select-unoffered' // 101 with a subprotocol nobody offered
  | 'reject-401' // 401 Unauthorized
  | 'hang'; // never answer

export interface RecordedHandshake {
  readonly url: string;
  readonly rawHeaders: readonly string[];
  /** What `handleProtocols` received, or `null` when it was not called (no protocols offered). */
  readonly offered: readonly string[] | null;
}

export interface RecordingServer {
  readonly url: string;
  readonly port: number;
  readonly handshakes: RecordedHandshake[];
  mode: ServerMode;
  /** Sent by the server the moment a connection opens, in the same TCP write burst as the 101. */
  greeting: string | null;
  close(): Promise<void>;
}

/** Starts a recording ws@8 server on 127.0.0.1 with an ephemeral port. */
export async function startRecordingServer(mode: ServerMode = 'accept'): Promise<RecordingServer> {
  const server: Server = createServer((_request, response) => response.writeHead(426).end());
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const offeredByRequest = new WeakMap<IncomingMessage, string[]>();
  // `?mode=...` in the request target overrides the server's mode for that one handshake.
  const modeFor = (request: IncomingMessage): ServerMode =>
    (new URL(request.url ?? '/', 'http://localhost').searchParams.get('mode') as ServerMode | null) ??
    recording.mode;
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols: Set<string>, request: IncomingMessage) => {
      offeredByRequest.set(request, [...protocols]);
      return modeFor(request) === 'accept' ? (protocols.values().next().value ?? false) : false;
    },
  });
  const recording: RecordingServer = {
    url: '',
    port: 0,
    handshakes: [],
    mode,
    greeting: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const entry = {
      url: request.url ?? '',
      rawHeaders: [...request.rawHeaders],
      offered: null as string[] | null,
    };
    recording.handshakes.push(entry);
    const mode = modeFor(request);
    if (mode === 'hang') return;
    if (mode === 'reject-401') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 4\r\nConnection: close\r\n\r\nNope');
      return;
    }
    if (mode === 'select-unoffered') {
      wss.once('headers', (headers: string[]) => headers.push('Sec-WebSocket-Protocol: surprise'));
    }
    wss.handleUpgrade(request, socket, head, (client) => {
      entry.offered = offeredByRequest.get(request) ?? null;
      client.on('error', () => {});
      if (recording.greeting !== null) client.send(recording.greeting);
    });
    // handleProtocols runs synchronously inside handleUpgrade for a valid request.
    entry.offered = offeredByRequest.get(request) ?? null;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(recording, { url: `ws://127.0.0.1:${port}/path?x=1`, port });
}
