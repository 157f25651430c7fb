import type { ClientAdapter } from './_types.js';

export const undici5: ClientAdapter = {
  selector: 'undici@5',
  family: 'undici',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'undici5',
  load: async () => ((await import('undici5')) as { WebSocket: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: 1 },
  expectedFailures: [
    {
      scenario: 'multi-protocol',
      reason:
        'undici 5 fails every handshake that offers more than one subprotocol ("Protocol was not set in the opening handshake."), so header-options refuses two protocols up front',
      observed: 'TOO_MANY_SUBPROTOCOLS',
    },
    {
      scenario: 'token-survives',
      reason:
        'undici 5 fails every handshake that offers more than one subprotocol, so the bearer subprotocol cannot travel beside the app protocol (header-options sends the token as Authorization on undici 5 unless forced to the browser path, as here)',
      observed: 'Protocol was not set in the opening handshake',
    },
  ],
};
