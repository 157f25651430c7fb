import { connect, createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { afterThisTest } from './_test/cleanups.js';
import { refusingPort } from './port.js';

/** What connecting to 127.0.0.1:port gives: 'connected' or the error code. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** What listening on host:port gives: 'listening' (then closed again) or the error code. */
function listenOutcome(port: number, host: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve('listening')));
  });
}

describe('refusingPort', () => {
  test.each([
    {
      name: 'a connection is refused while held',
      releases: 0,
      probe: connectOutcome,
      expected: 'ECONNREFUSED',
    },
    {
      name: 'listening on 127.0.0.1 fails while held',
      releases: 0,
      probe: (port: number) => listenOutcome(port, '127.0.0.1'),
      expected: 'EADDRINUSE',
    },
    {
      // what another process's listen(0) binds when it names no host: the case closedPort() lost
      name: 'listening on every address fails while held',
      releases: 0,
      probe: (port: number) => listenOutcome(port, undefined),
      expected: 'EADDRINUSE',
    },
    {
      name: 'listenable after release',
      releases: 1,
      probe: (port: number) => listenOutcome(port, '127.0.0.1'),
      expected: 'listening',
    },
    {
      name: 'releasing twice is harmless: both resolve, the port is free',
      releases: 2,
      probe: (port: number) => listenOutcome(port, '127.0.0.1'),
      expected: 'listening',
    },
    { name: 'still refused after release', releases: 1, probe: connectOutcome, expected: 'ECONNREFUSED' },
  ])('$name', async ({ releases, probe, expected }) => {
    const held = await refusingPort();
    afterThisTest(() => held.release());
    for (let count = 0; count < releases; count++) await held.release();
    expect(await probe(held.port)).toBe(expected);
  });

  test('ports held at the same time are distinct', async () => {
    const held = await Promise.all([refusingPort(), refusingPort(), refusingPort(), refusingPort()]);
    for (const port of held) afterThisTest(() => port.release());
    expect(new Set(held.map(({ port }) => port)).size).toBe(4);
  });
});
