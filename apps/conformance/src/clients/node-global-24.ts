import type { ClientAdapter } from './_types.js';

export const nodeGlobal24: ClientAdapter = {
  selector: 'node-global@24',
  family: 'node-global',
  runtime: { kind: 'node', major: 24, flags: [] },
  load: async () => (globalThis as { WebSocket?: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
