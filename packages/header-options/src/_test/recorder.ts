// Test-only: a loopback TCP recorder between a client and a server. It forwards every byte and
// keeps what each client sent, so tests can see exact request bytes, or that nothing connected.
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpRecorder {
  readonly port: number;
  /** One entry per accepted connection: the bytes the client sent, concatenated. */
  readonly connections: Uint8Array[];
  close(): Promise<void>;
}

/** Starts a recorder on 127.0.0.1 that forwards to `127.0.0.1:targetPort`. */
export async function startTcpRecorder(targetPort: number): Promise<TcpRecorder> {
  const sockets = new Set<Socket>();
  const connections: Uint8Array[] = [];
  const server: Server = createServer((client) => {
    const index = connections.push(new Uint8Array(0)) - 1;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Uint8Array) => {
      const previous = connections[index] ?? new Uint8Array(0);
      const joined = new Uint8Array(previous.length + chunk.length);
      joined.set(previous);
      joined.set(chunk, previous.length);
      connections[index] = joined;
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The request head (up to the blank line) of recorded bytes, as Latin-1 text. */
export function requestHead(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? text : text.slice(0, end);
}
