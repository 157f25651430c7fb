// @ts-check
import { connect, createServer } from 'node:net';

/** @typedef {import('./index.d.ts').RefusingPort} RefusingPort */

/**
 * A port on 127.0.0.1 where nothing listens (bound, then released). Only for a port to listen on
 * next: another process's `listen(0)` may take it before a test connects, so a refused connection
 * wants {@link refusingPort}.
 *
 * @returns {Promise<number>}
 */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/**
 * A loopback port that refuses every connection (ECONNREFUSED) and that no socket can listen on
 * while it is held. The port is the local end of one open loopback connection (to a listener of our
 * own, closed once accepted): a SYN to it finds no listener and is reset, and the kernel binds a port
 * in use to no other socket. Call `release()` when done (an unreleased port keeps the process alive).
 *
 * @returns {Promise<RefusingPort>}
 * @throws the `listen` or `connect` error of the loopback pair (e.g. EMFILE), after closing what opened
 */
export async function refusingPort() {
  const listener = createServer();
  await new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const { port: listenerPort } = /** @type {import('node:net').AddressInfo} */ (listener.address());
  /** @type {Promise<import('node:net').Socket>} */
  const accepted = new Promise((resolve) => listener.once('connection', resolve));
  const holder = connect({ host: '127.0.0.1', port: listenerPort });
  try {
    await new Promise((resolve, reject) => {
      holder.once('error', reject);
      holder.once('connect', () => resolve(undefined));
    });
  } catch (error) {
    listener.close();
    throw error;
  }
  const peer = await accepted;
  listener.close();
  // a socket error after the release (a reset) has nowhere to go
  holder.on('error', () => {});
  peer.on('error', () => {});
  // made once, so every release() (the second too) resolves when the holder has closed
  /** @type {Promise<void>} */
  const closed = new Promise((resolve) => holder.once('close', () => resolve()));
  return {
    port: /** @type {number} */ (holder.localPort),
    release() {
      // a reset, not a FIN: the held socket is gone from the kernel at once (no LAST_ACK or TIME_WAIT
      // left on the port for the next listen(), which a FIN exchange left under load), and the reset
      // frees the listener's side as well
      if (!holder.destroyed) holder.resetAndDestroy();
      peer.destroy();
      return closed;
    },
  };
}
