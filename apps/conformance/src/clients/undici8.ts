import type { ClientAdapter } from './_types.js';

export const undici8: ClientAdapter = {
  selector: 'undici@8',
  family: 'undici',
  runtime: { kind: 'node', major: 24, flags: [] },
  packageName: 'undici8',
  load: async () => ((await import('undici8')) as { WebSocket: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
