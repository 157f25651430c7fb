import type { ClientAdapter } from './_types.js';

export const nodeGlobal20: ClientAdapter = {
  selector: 'node-global@20',
  family: 'node-global',
  runtime: { kind: 'node', major: 20, flags: ['--experimental-websocket'] },
  load: async () => (globalThis as { WebSocket?: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [
    {
      scenario: 'unoffered-protocol',
      reason:
        "Node 20's bundled undici (6.24.1) throws an uncaught TypeError (\"Cannot read properties of null (reading 'includes')\") when a 101 selects a subprotocol and `new WebSocket(url)` offered none: the process exits 1. Node 22.23.5 and 24.22.3 survive; header-options' createWebSocket always passes a protocols list, which avoids it",
      observed: 'bare new WebSocket(url): the client process died',
    },
  ],
};
