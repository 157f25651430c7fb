import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL_WITHOUT_HEADERS } from './ws8.js';

export const ws4: ServerAdapter = {
  selector: 'ws@4',
  family: 'ws',
  major: 4,
  packageName: 'ws4',
  load: async () => ((await import('ws4')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: CONTEXT_REFUSAL_WITHOUT_HEADERS,
};
