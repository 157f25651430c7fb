// Test-only: a minimal IncomingMessage for unit tests of the context.
import type { IncomingMessage } from 'node:http';

/** What a test request is made of: the request target, header lines as sent, and the socket. */
export interface FakeRequestInit {
  url?: string;
  headers?: readonly (readonly [string, string])[];
  remoteAddress?: string | undefined;
  remotePort?: number;
  encrypted?: boolean;
}

/**
 * A stand-in for Node's `IncomingMessage` with exactly the parts the context reads (`url`,
 * `rawHeaders`, `socket`), for unit tests; integration tests use real requests.
 */
export function fakeRequest(init: FakeRequestInit = {}): IncomingMessage {
  const rawHeaders: string[] = [];
  for (const [name, value] of init.headers ?? []) rawHeaders.push(name, value);
  return {
    url: init.url ?? '/',
    rawHeaders,
    socket: {
      remoteAddress: 'remoteAddress' in init ? init.remoteAddress : '192.0.2.1',
      remotePort: init.remotePort ?? 50000,
      encrypted: init.encrypted === true ? true : undefined,
    },
  } as unknown as IncomingMessage;
}
