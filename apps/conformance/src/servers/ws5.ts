import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL } from './ws8.js';

export const ws5: ServerAdapter = {
  selector: 'ws@5',
  family: 'ws',
  major: 5,
  packageName: 'ws5',
  load: async () => ((await import('ws5')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: CONTEXT_REFUSAL,
};
