import type { ClientAdapter } from './_types.js';

export const ws7: ClientAdapter = {
  selector: 'ws@7',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws7',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws7')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
