import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL } from './ws8.js';

export const ws6: ServerAdapter = {
  selector: 'ws@6',
  family: 'ws',
  major: 6,
  packageName: 'ws6',
  load: async () => ((await import('ws6')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: CONTEXT_REFUSAL,
};
