import { utf8HeaderValues } from './_native.js';
import { TORNADO_TRUSTS_ANY_PEER, UVICORN_500_HIDDEN } from './_node-natives.js';
import type { ClientAdapter } from './_types.js';

type FayeClient = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => object;

/**
 * faye-websocket 0.11's `Client`: `new Client(url, protocols, { headers })`, the ws call shape, so it
 * goes through header-options as `implementation: 'ws'` (child/native-node-clients.ts): header-options
 * cannot recognise the class on its own. faye has no `origin` option: its users send Origin in
 * `headers`, and so does the subclass (given ws's `origin` option, faye throws `Unrecognized option:
 * origin` after it has opened the TCP connection, which it then leaks with no error listener).
 */
export const fayeWebsocket: ClientAdapter = {
  selector: 'faye-websocket',
  family: 'faye-websocket',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'faye-websocket',
  load: async () => {
    const { Client } = ((await import('faye-websocket')) as unknown as { default: { Client: FayeClient } })
      .default;
    return class FayeWithOrigin extends Client {
      constructor(
        url: string,
        protocols?: string | string[],
        options: { origin?: string; headers?: Record<string, string> } = {},
      ) {
        const { origin, ...rest } = options;
        super(
          url,
          protocols,
          origin === undefined ? rest : { ...rest, headers: { ...rest.headers, Origin: origin } },
        );
      }
    };
  },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    utf8HeaderValues,
    {
      scenario: 'failure-settles',
      reason:
        'faye\'s Client reports a failed handshake as an error event whose message is the only detail ("Unexpected response code: 401", "connect ECONNREFUSED"): no status or code property, so connect() can only say NETWORK for a 401 or a refused connection; the timeout and the process surviving are still checked',
      observed: 'got HandshakeError NETWORK',
    },
    ...(['headers-arrive', 'header-shapes'] as const).map((scenario) => ({
      ...UVICORN_500_HIDDEN,
      scenario,
      observed: 'Unexpected response code: 500',
    })),
    TORNADO_TRUSTS_ANY_PEER,
  ],
};
