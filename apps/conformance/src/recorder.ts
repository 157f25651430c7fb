import { connect, createServer, type Server, type Socket } from 'node:net';

/** Bytes kept per direction and connection; the handshake and a few frames fit many times over. */
const MAX_RECORDED_BYTES = 64 * 1024;

export interface RecordedConnection {
  /** bytes the client sent (request head, then frames) */
  request: Buffer;
  /** bytes that came back (response head, then frames) */
  response: Buffer;
  /** the client's source port as the recorder saw it */
  clientPort: number | null;
  /** the recorder's own source port towards the upstream: what the server sees as the peer port */
  upstreamLocalPort: number | null;
  closed: boolean;
}

export interface RecorderTarget {
  port: number;
  host?: string;
  /** source address for the upstream connection (e.g. another loopback address, for proxy tests) */
  localAddress?: string;
}

/**
 * A loopback TCP relay that keeps the exact bytes in both directions. With no target it records the
 * request and never answers: a server that hangs.
 */
export class Recorder {
  readonly connections: RecordedConnection[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #target: RecorderTarget | null;

  private constructor(server: Server, target: RecorderTarget | null) {
    this.#server = server;
    this.#target = target;
  }

  /** Starts a recorder on 127.0.0.1 and an ephemeral port. */
  static async start(target: RecorderTarget | null): Promise<Recorder> {
    const server = createServer();
    const recorder = new Recorder(server, target);
    server.on('connection', (socket) => recorder.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return recorder;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('recorder is not listening');
    return address.port;
  }

  #accept(client: Socket): void {
    const record: RecordedConnection = {
      request: Buffer.alloc(0),
      response: Buffer.alloc(0),
      clientPort: client.remotePort ?? null,
      upstreamLocalPort: null,
      closed: false,
    };
    this.connections.push(record);
    this.#sockets.add(client);
    client.on('error', () => {});
    if (this.#target === null) {
      client.on('data', (chunk: Buffer) => {
        record.request = append(record.request, chunk);
      });
      client.on('close', () => {
        record.closed = true;
        this.#sockets.delete(client);
      });
      return;
    }
    client.pause();
    const upstream = connect({
      port: this.#target.port,
      host: this.#target.host ?? '127.0.0.1',
      ...(this.#target.localAddress === undefined ? {} : { localAddress: this.#target.localAddress }),
    });
    this.#sockets.add(upstream);
    upstream.on('connect', () => {
      record.upstreamLocalPort = upstream.localPort ?? null;
      client.resume();
    });
    client.on('data', (chunk: Buffer) => {
      record.request = append(record.request, chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      record.response = append(record.response, chunk);
      client.write(chunk);
    });
    const finish = (): void => {
      record.closed = true;
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', finish);
    upstream.on('close', finish);
    upstream.on('error', () => finish());
  }

  /** Resolves when every connection so far has closed, or after `timeoutMs`; true when idle. */
  async waitIdle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.some((connection) => !connection.closed)) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  /** Closes every socket and the listener. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function append(recorded: Buffer, chunk: Buffer): Buffer {
  if (recorded.length >= MAX_RECORDED_BYTES) return recorded;
  return Buffer.concat([recorded, chunk.subarray(0, MAX_RECORDED_BYTES - recorded.length)]);
}
