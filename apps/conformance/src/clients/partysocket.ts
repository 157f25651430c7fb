import type { ClientAdapter } from './_types.js';

type ReconnectingWebSocket = new (
  url: string,
  protocols: string | string[] | undefined,
  options: { WebSocket: unknown; maxRetries: number },
) => object;

const NO_HEADERS =
  'partysocket only ever calls `new WebSocket(url, protocols)`: it has no header option, so header-options refuses headers (HEADERS_UNSUPPORTED) instead of dropping them (the workaround is a ws subclass that adds them, given as its WebSocket option)';

/**
 * partysocket 1.3's `ReconnectingWebSocket` (`partysocket/ws`) on Node 20, given ws 8 as its
 * `WebSocket` option as its README says for Node, and `maxRetries: 0` so a failed handshake stays
 * failed (its default retries forever). It only ever calls `new WebSocket(url, protocols)`, so
 * header-options sees a browser-like class: no headers, the token as a subprotocol.
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
  capabilities: { headers: false, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
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
  ],
};
