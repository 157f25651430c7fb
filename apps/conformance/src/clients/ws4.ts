import type { ClientAdapter } from './_types.js';

export const ws4: ClientAdapter = {
  selector: 'ws@4',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws4',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws4')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
