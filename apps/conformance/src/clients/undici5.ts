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
    {
      scenario: 'fragmented-message',
      reason:
        'undici 5.29 splits a message of 3 or more fragments: the first two arrive as one truncated message and the rest as a message without data; @ws-compat/socket never delivers the null, reports UNDELIVERABLE_MESSAGE and closes, but cannot recover the lost bytes (use undici 6 or later)',
      observed: 'client: the connection failed: error UNDELIVERABLE_MESSAGE',
    },
    {
      scenario: 'hostile-frames',
      reason:
        'undici 5.29 turns an unsolicited pong into a message without data: @ws-compat/socket reports UNDELIVERABLE_MESSAGE and closes the connection instead of ignoring the pong (the process lives)',
      observed: 'unsolicited pong: the connection failed: error UNDELIVERABLE_MESSAGE',
    },
    ...(['invalid UTF-8 close reason', 'close code 1005 in a close frame'] as const).map((input) => ({
      scenario: 'hostile-frames',
      reason: `undici 5.29 throws a TypeError inside its frame parser on a ${input}, before any event @ws-compat/socket could see: the process dies unless it has an uncaughtException handler (packages/socket/README.md, "What the facade cannot normalize"; use undici 6 or later)`,
      observed: `${input}: the client process died`,
    })),
  ],
};
