import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL_WITHOUT_HEADERS } from './ws8.js';

export const ws2: ServerAdapter = {
  selector: 'ws@2',
  family: 'ws',
  major: 2,
  packageName: 'ws2',
  load: async () => ((await import('ws2')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: CONTEXT_REFUSAL_WITHOUT_HEADERS,
};
