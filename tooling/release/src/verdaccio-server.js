// @ts-check
// Runs in its own process, started by verdaccio.js: Verdaccio listens on 127.0.0.1 and a port the
// kernel picks (no race between choosing a free port and binding it), then the port is printed as
// one JSON line on stdout. SIGTERM closes the server.
import { runServer } from 'verdaccio';

const configPath = process.argv[2];
if (configPath === undefined) {
  console.error('usage: node verdaccio-server.js <config.yaml>');
  process.exit(2);
}

const server = /** @type {import('node:http').Server} */ (await runServer(configPath));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Verdaccio is not listening on TCP');
  process.stdout.write(`${JSON.stringify({ listening: { host: address.address, port: address.port } })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
