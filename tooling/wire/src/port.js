// @ts-check
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 where nothing listens (bound, then released): a connection to it is refused.
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
