import type { ClientAdapter } from './_types.js';

export const undici6: ClientAdapter = {
  selector: 'undici@6',
  family: 'undici',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'undici6',
  load: async () => ((await import('undici6')) as { WebSocket: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
