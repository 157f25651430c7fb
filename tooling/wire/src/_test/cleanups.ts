// Test-only: what a test opened is closed after it, last opened first.
import { afterEach } from 'vitest';
import type { RawServer, RawServerOptions } from '../index.js';
import { startRawServer } from '../server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test (awaited, in reverse order of registration). */
export function afterThisTest(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

/** A {@link startRawServer} closed after the current test. */
export async function rawServer(options?: RawServerOptions): Promise<RawServer> {
  const server = await startRawServer(options);
  afterThisTest(() => server.close());
  return server;
}
