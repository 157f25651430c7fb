import type { ExpectedFailure } from '../status.js';

/** A server with no trusted-proxy support of its own: the address is the proxy hop's. */
export const NO_PROXY_SUPPORT: ExpectedFailure = {
  scenario: 'context',
  reason:
    "no trusted-proxy support in the server's API: through a proxy the client address is the proxy's (127.0.0.2), and X-Forwarded-For is left for the app to parse and trust",
  observed: 'through the trusted hop: ctx.client',
};

/**
 * The server's close() follows RFC 6455, not the WHATWG API: 1001 (going away) is a code a server may
 * send, so close(1001) does not throw and closes the connection.
 */
export function rfcServerClose(library: string): ExpectedFailure[] {
  return [
    'server close(1001): no message arrived',
    'server: echo after its refused close: no message arrived',
    'client: close code 1001, expected 1000',
  ].map((observed) => ({
    scenario: 'invalid-close-refused',
    reason: `${library}'s close() follows RFC 6455, not the WHATWG API: 1001 (going away) is a code a server may send, so close(1001) does not throw and closes the connection`,
    observed,
  }));
}

/** A server whose handler raised: the library ends the connection (`how`), nothing reports it to the app. */
export function raisingHandlerEnds(
  library: string,
  how: string,
  observed: readonly string[],
): ExpectedFailure[] {
  return observed.map((text) => ({
    scenario: 'throwing-listener',
    reason: `${library} has no message listeners: the handler reads messages itself, and an exception in it ${how} (logged by the server, not reported to the app); the process lives`,
    observed: text,
  }));
}
