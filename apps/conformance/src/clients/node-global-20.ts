import type { ClientAdapter } from './_types.js';

export const nodeGlobal20: ClientAdapter = {
  selector: 'node-global@20',
  family: 'node-global',
  runtime: { kind: 'node', major: 20, flags: ['--experimental-websocket'] },
  load: async () => (globalThis as { WebSocket?: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
