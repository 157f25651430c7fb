import { createServer, type Server } from 'node:http';

/**
 * An HTTP server for a framework that takes upgrades from Node's `upgrade` event: any plain request
 * gets 426 (WebSocket only).
 */
export function upgradeOnlyServer(): Server {
  return createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('WebSocket only');
  });
}

/**
 * Listens on a free loopback port and returns it (what a framework adapter's `serve` returns).
 *
 * @throws the listen error, or an Error when the server has no TCP port
 */
export async function listenOnLoopback(http: Server): Promise<{ port: number }> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  return { port: address.port };
}
