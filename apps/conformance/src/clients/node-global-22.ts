import type { ClientAdapter } from './_types.js';

export const nodeGlobal22: ClientAdapter = {
  selector: 'node-global@22',
  family: 'node-global',
  runtime: { kind: 'node', major: 22, flags: [] },
  load: async () => (globalThis as { WebSocket?: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
