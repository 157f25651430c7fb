// Test-only: a TCP listener on 127.0.0.1 that counts the connections it accepts, to prove that a
// call opened nothing. A client may connect late (undici dials after its fetch steps, ws after a
// tick), so "nothing" is only read after a settle time and after a probe connection of our own was
// accepted: by then the listener's accept loop has run past anything dialled before the probe.
import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

export interface ConnectionCounter {
  readonly port: number;
  /**
   * How many connections other than our probes were accepted, read once `settleMs` have passed and
   * a probe connection opened after them was accepted.
   */
  settledCount(settleMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** Starts a counting listener on 127.0.0.1 with an ephemeral port. Accepted sockets are held open. */
export async function startConnectionCounter(): Promise<ConnectionCounter> {
  const sockets = new Set<Socket>();
  const acceptedPorts: number[] = [];
  const probePorts = new Set<number>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    acceptedPorts.push(socket.remotePort ?? -1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  async function probe(): Promise<void> {
    const socket = createConnection({ host: '127.0.0.1', port });
    sockets.add(socket);
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const localPort = socket.localPort ?? -1;
    probePorts.add(localPort);
    while (!acceptedPorts.includes(localPort)) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.destroy();
  }

  return {
    port,
    async settledCount(settleMs = 250) {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      await probe();
      return acceptedPorts.filter((accepted) => !probePorts.has(accepted)).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
