import type { ServerAdapter, ServerClass } from './_types.js';

export const ws5: ServerAdapter = {
  selector: 'ws@5',
  family: 'ws',
  major: 5,
  packageName: 'ws5',
  load: async () => ((await import('ws5')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: [],
};
