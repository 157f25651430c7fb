import type { ClientAdapter } from './_types.js';

export const ws3: ClientAdapter = {
  selector: 'ws@3',
  family: 'ws',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'ws3',
  // CommonJS: the module itself is the WebSocket class
  load: async () => ((await import('ws3')) as { default: unknown }).default,
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};
