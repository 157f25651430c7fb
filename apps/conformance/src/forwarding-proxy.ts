import { connect, createServer, type Server, type Socket } from 'node:net';

/** Largest request head the proxy buffers before giving up on a connection. */
const MAX_HEAD_BYTES = 32 * 1024;

/**
 * A small reverse proxy hop on loopback: it appends the peer's address to `X-Forwarded-For` (creating
 * the header when absent) and connects to the server from `sourceAddress`, so a server that trusts only
 * that address can tell a proxied client from a direct one on one machine.
 */
export class ForwardingProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(upstreamPort: number, sourceAddress: string): Promise<ForwardingProxy> {
    const server = createServer();
    const proxy = new ForwardingProxy(server);
    server.on('connection', (socket) => proxy.#accept(socket, upstreamPort, sourceAddress));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening');
    return address.port;
  }

  #accept(client: Socket, upstreamPort: number, sourceAddress: string): void {
    this.#sockets.add(client);
    client.on('error', () => {});
    client.on('close', () => this.#sockets.delete(client));
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      const head = addForwardedFor(buffered.subarray(0, end).toString('latin1'), client.remoteAddress ?? '');
      const rest = buffered.subarray(end + 4);
      const upstream = connect({ port: upstreamPort, host: '127.0.0.1', localAddress: sourceAddress });
      this.#sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => {
        this.#sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('connect', () => {
        upstream.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), rest]));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on('data', onData);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Appends an address to the head's X-Forwarded-For line, or adds the line. */
export function addForwardedFor(head: string, address: string): string {
  const lines = head.split('\r\n');
  const index = lines.findIndex((line, position) => position > 0 && /^x-forwarded-for:/i.test(line));
  if (index === -1) return `${head}\r\nX-Forwarded-For: ${address}`;
  lines[index] = `${lines[index]!.trimEnd()}, ${address}`;
  return lines.join('\r\n');
}
