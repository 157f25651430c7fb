import type { ExpectedFailure } from '../status.js';

/** A server with no trusted-proxy support of its own: the address is the proxy hop's. */
export const NO_PROXY_SUPPORT: ExpectedFailure = {
  scenario: 'context',
  reason:
    "no trusted-proxy support in the server's API: through a proxy the client address is the proxy's (127.0.0.2), and X-Forwarded-For is left for the app to parse and trust",
  observed: 'through the trusted hop: ctx.client',
};
