import { declareEach, REFUSED_AS_NETWORK } from './_node-natives.js';
import type { ClientAdapter } from './_types.js';

type ReconnectingWebSocket = new (
  url: string,
  protocols: string | string[] | undefined,
  options: { WebSocket: unknown; maxRetries: number },
) => object;

const NO_HEADERS =
  'partysocket only ever calls `new WebSocket(url, protocols)`: it has no header option, so header-options refuses headers (HEADERS_UNSUPPORTED) instead of dropping them (the workaround is a ws subclass that adds them, given as its WebSocket option)';

const ERROR_AS_CLEAN_CLOSE =
  "partysocket answers its inner socket's error by closing it itself and dispatching its own close event (1000, 'unknown reason', wasClean true) before the error event: the facade ends at that close, so the failure reads as a clean 1000 with no error";

/**
 * partysocket 1.3's `ReconnectingWebSocket` (`partysocket/ws`) on Node 20, given ws 8 as its
 * `WebSocket` option as its README says for Node, and `maxRetries: 0` so a failed handshake stays
 * failed (its default retries forever). It only ever calls `new WebSocket(url, protocols)`, so
 * header-options sees a browser-like class: no headers, the token as a subprotocol. It is a WHATWG
 * EventTarget with the WebSocket surface (readyState, binaryType, send, close), which is how its users
 * treat it, so connection scripts wrap it with @ws-compat/socket's wrapSocket like a browser socket.
 */
export const partysocket: ClientAdapter = {
  selector: 'partysocket',
  family: 'partysocket',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'partysocket',
  load: async () => {
    const { default: Reconnecting } = (await import('partysocket/ws')) as unknown as {
      default: ReconnectingWebSocket;
    };
    const { WebSocket } = (await import('ws8')) as { WebSocket: unknown };
    return class NodePartySocket extends Reconnecting {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { WebSocket, maxRetries: 0 });
      }
    };
  },
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: [
    {
      scenario: 'unreachable-settles',
      reason:
        'partysocket answers a refused connection by closing its inner socket itself and dispatching its own close event (code 1000), so connect() sees a clean close before open: NETWORK, with no cause; the timeout, the single request and the process surviving are still checked',
      observed: REFUSED_AS_NETWORK,
    },
    ...(['headers-arrive', 'legacy-names', 'header-shapes'] as const).map((scenario) => ({
      scenario,
      reason: NO_HEADERS,
      observed: 'HEADERS_UNSUPPORTED',
    })),
    {
      scenario: 'failure-settles',
      reason:
        'partysocket answers any failed handshake by closing its inner socket itself and dispatching its own close event (code 1000), so connect() sees a clean close before open: NETWORK, with no status or cause; the timeout and the process surviving are still checked',
      observed: 'got HandshakeError NETWORK',
    },
    ...(['unoffered-protocol', 'protocol-error', 'hostile-frames'] as const).flatMap((scenario) =>
      declareEach(scenario, ERROR_AS_CLEAN_CLOSE, [
        'expected one error event',
        'close code 1000, expected',
        'wasClean true, expected false',
      ]),
    ),
    ...declareEach(
      'peer-never-closes',
      "partysocket's close() dispatches its own close event at once (1000, wasClean true) instead of waiting for the closing handshake: a peer that never answers goes unnoticed, no CLOSE_TIMEOUT",
      ['close code 1000, expected 1006', 'wasClean true, expected false', 'expected one error CLOSE_TIMEOUT'],
    ),
  ],
};
