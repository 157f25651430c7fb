import type { ServerAdapter, ServerClass } from './_types.js';

export const ws8: ServerAdapter = {
  selector: 'ws@8',
  family: 'ws',
  major: 8,
  packageName: 'ws8',
  // the default export of ws 8 is the WebSocket class without .Server; the named export is the server
  load: async () => ((await import('ws8')) as unknown as { WebSocketServer: ServerClass }).WebSocketServer,
  expectedFailures: [],
};
