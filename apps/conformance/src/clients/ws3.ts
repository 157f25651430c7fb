import type { ClientAdapter } from './_types.js';

/** Why a bare close(1000) reads as 1005 with ws 3 on either end (the client's and the server's declaration). */
export const WS3_EMPTY_CLOSE =
  'ws 3 sends an empty close frame for close(1000) without a reason, and answers a close frame with an empty one, which the other end reads as 1005; the frame is on the wire before @ws-compat/socket hears of it (packages/socket/README.md, "What the facade cannot normalize"): pass a reason to get 1000 on the wire';

export const ws3: ClientAdapter = {
  selector: 'ws@3',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws3',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws3')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    {
      scenario: 'close-both-ways',
      reason: WS3_EMPTY_CLOSE,
      observed:
        'client closes 1000 without a reason: server close event [code, reason, wasClean]: expected [1000,"",true], got [1005',
    },
  ],
};
