import type { ExpectedFailure } from '../status.js';

/** `unreachable-settles`: a client whose refused connection reaches connect() as a bare error. */
export const REFUSED_AS_NETWORK =
  'connection refused: expected HandshakeError REFUSED, got HandshakeError NETWORK';

/**
 * The Starlette server on uvicorn's websockets backend, exactly: its 500 (a header byte above 0x7F)
 * meets only the header-sending clients, and the wsproto backend takes those headers.
 */
const STARLETTE_WEBSOCKETS = 'starlette@0.26.1+websockets';

/**
 * The server's 500 reaches the client, whose error has no status field (starlette.ts declares the 500
 * as "status 500"): connect() says NETWORK, with the status in the message at best.
 */
export const UVICORN_500_HIDDEN: Omit<ExpectedFailure, 'scenario'> = {
  reason:
    "uvicorn's websockets backend answers 500 to a header byte above 0x7F (the server's declared finding); this client's error has no status field, so connect() can only say NETWORK",
  servers: [STARLETTE_WEBSOCKETS],
};

/**
 * tornado's `xheaders=True` trusts X-Forwarded-For from any peer (tornado.ts declares it for the
 * clients it lists); these Node clients send the spoofed header too.
 */
export const TORNADO_TRUSTS_ANY_PEER: ExpectedFailure = {
  scenario: 'context',
  reason:
    "tornado's xheaders=True trusts X-Forwarded-For from any peer, so this client spoofs its address (tornado's finding; its declaration does not list this client yet)",
  observed: 'spoofed X-Forwarded-For from an untrusted peer',
  servers: ['tornado'],
};

/**
 * One declaration per observed failure of a scenario, all with one reason: a scenario that fails in
 * several ways for one cause (a failure must be named by a declaration's `observed`).
 */
export function declareEach(
  scenario: string,
  reason: string,
  observed: readonly string[],
): ExpectedFailure[] {
  return observed.map((text) => ({ scenario, reason, observed: text }));
}
