import type { ClientAdapter } from './_types.js';

export const undici7: ClientAdapter = {
  selector: 'undici@7',
  family: 'undici',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'undici7',
  load: async () => ((await import('undici7')) as { WebSocket: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
