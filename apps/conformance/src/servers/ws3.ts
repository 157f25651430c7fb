import type { ServerAdapter, ServerClass } from './_types.js';

export const ws3: ServerAdapter = {
  selector: 'ws@3',
  family: 'ws',
  major: 3,
  packageName: 'ws3',
  load: async () => ((await import('ws3')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: [],
};
