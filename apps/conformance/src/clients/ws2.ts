import type { ClientAdapter } from './_types.js';

export const ws2: ClientAdapter = {
  selector: 'ws@2',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws2',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws2')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
