import { WS3_EMPTY_CLOSE } from '../clients/ws3.js';
import type { ServerAdapter, ServerClass } from './_types.js';
import { CONTEXT_REFUSAL_WITHOUT_HEADERS } from './ws8.js';

export const ws3: ServerAdapter = {
  selector: 'ws@3',
  family: 'ws',
  major: 3,
  packageName: 'ws3',
  load: async () => ((await import('ws3')) as { default: { Server: ServerClass } }).default.Server,
  expectedFailures: [
    ...CONTEXT_REFUSAL_WITHOUT_HEADERS,
    {
      scenario: 'close-both-ways',
      reason: WS3_EMPTY_CLOSE,
      observed: 'client closes 1000 without a reason: client: close code 1005, expected 1000',
    },
  ],
};
