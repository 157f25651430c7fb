import type { ClientAdapter } from './_types.js';

export const ws5: ClientAdapter = {
  selector: 'ws@5',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws5',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws5')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
