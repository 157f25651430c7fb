import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL } from './ws8.js';

export const ws7: ServerAdapter = {
  selector: 'ws@7',
  family: 'ws',
  major: 7,
  packageName: 'ws7',
  load: async () => ((await import('ws7')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: CONTEXT_REFUSAL,
};
