import type { ClientAdapter } from './_types.js';

export const ws8: ClientAdapter = {
  selector: 'ws@8',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws8',
  load: async () => ((await import('ws8')) as { WebSocket: unknown }).WebSocket,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
