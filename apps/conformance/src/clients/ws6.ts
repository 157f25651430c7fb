import type { ClientAdapter } from './_types.js';

export const ws6: ClientAdapter = {
  selector: 'ws@6',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws6',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws6')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
