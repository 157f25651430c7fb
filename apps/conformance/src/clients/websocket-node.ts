import { TORNADO_TRUSTS_ANY_PEER, UVICORN_500_HIDDEN } from './_node-natives.js';
import type { ClientAdapter } from './_types.js';

/** WebSocket-Node's W3C client: `new w3cwebsocket(url, protocols, origin, headers)`, positional. */
type W3CWebSocket = new (
  url: string,
  protocols?: string | string[],
  origin?: string,
  headers?: Record<string, string>,
) => object;

/**
 * WebSocket-Node (npm `websocket`) 1.0, its `w3cwebsocket` class (an EventTarget with the WHATWG
 * surface). header-options cannot recognise it, so it is called ws-style (`implementation: 'ws'`,
 * see child/native-node-clients.ts) through a subclass that maps ws's options onto the positional
 * `origin` and `headers` arguments: the few lines a user writes to put it behind header-options.
 */
export const websocketNode: ClientAdapter = {
  selector: 'websocket-node',
  family: 'websocket-node',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'websocket',
  load: async () => {
    const module = (await import('websocket')) as unknown as {
      default?: { w3cwebsocket: W3CWebSocket };
      w3cwebsocket?: W3CWebSocket;
    };
    const W3C = module.w3cwebsocket ?? module.default?.w3cwebsocket;
    if (W3C === undefined) throw new Error('websocket has no w3cwebsocket export');
    return class WebSocketNodeClient extends W3C {
      constructor(
        url: string,
        protocols?: string | string[],
        options: { origin?: string; headers?: Record<string, string> } = {},
      ) {
        super(url, protocols, options.origin, options.headers);
      }
    };
  },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    {
      scenario: 'failure-settles',
      reason:
        "w3cwebsocket reports every failed handshake as a bare error event (no status, no cause: its client's httpResponse and connectFailed reason stay inside), so connect() can only say NETWORK for a 401, a subprotocol mismatch or a refused connection; the timeout and the process surviving are still checked",
      observed: 'got HandshakeError NETWORK',
    },
    ...(['headers-arrive', 'header-shapes'] as const).map((scenario) => ({
      ...UVICORN_500_HIDDEN,
      scenario,
      observed: 'failed: ws gave no reason',
    })),
    TORNADO_TRUSTS_ANY_PEER,
  ],
};
