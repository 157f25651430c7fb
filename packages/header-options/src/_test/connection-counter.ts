// Test-only: counts the connections a listener accepts, to prove that a call opened nothing. The
// listener is @ws-compat/wire's recorder without a target (it accepts, keeps the bytes, never answers).
// A client may connect late (undici dials after its fetch steps, ws after a tick), so "nothing" is only
// read after a settle time and after a probe connection of our own was accepted: by then the
// listener's accept loop has run past anything dialled before the probe.
import { createConnection } from 'node:net';
import { startRecorder } from '@ws-compat/wire';

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
  const listener = await startRecorder();
  const probePorts = new Set<number>();
  const accepted = () => listener.connections.map((connection) => connection.clientPort);

  async function probe(): Promise<void> {
    const socket = createConnection({ host: '127.0.0.1', port: listener.port });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const localPort = socket.localPort ?? -1;
    probePorts.add(localPort);
    while (!accepted().includes(localPort)) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.destroy();
  }

  return {
    port: listener.port,
    async settledCount(settleMs = 250) {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      await probe();
      return accepted().filter((port) => port === null || !probePorts.has(port)).length;
    },
    close: () => listener.close(),
  };
}
