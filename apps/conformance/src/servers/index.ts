import type { ServerAdapter } from './_types.js';
import { aiohttpServer } from './aiohttp.js';
import { crosswsServer } from './crossws.js';
import { fastifyWebsocketServer } from './fastify-websocket.js';
import { fayeWebsocketServer } from './faye-websocket.js';
import { gorillaServer } from './gorilla.js';
import { honoServer } from './hono.js';
import { pythonWebsockets } from './python-websockets.js';
import { starletteWebsockets, starletteWsproto } from './starlette.js';
import { tornadoServer } from './tornado.js';
import { websocketNodeServer } from './websocket-node.js';
import { ws2 } from './ws2.js';
import { ws3 } from './ws3.js';
import { ws4 } from './ws4.js';
import { ws5 } from './ws5.js';
import { ws6 } from './ws6.js';
import { ws7 } from './ws7.js';
import { ws8 } from './ws8.js';

export type {
  FrameworkServerAdapter,
  FrameworkTools,
  NodeServerAdapter,
  ProgramServerAdapter,
  ServerAdapter,
  ServerClass,
} from './_types.js';
export { isFrameworkServer, isProgramServer, servesConnections } from './_types.js';

/** Every server, in report order. */
export const serverAdapters: readonly ServerAdapter[] = [
  ws2,
  ws3,
  ws4,
  ws5,
  ws6,
  ws7,
  ws8,
  fastifyWebsocketServer,
  crosswsServer,
  honoServer,
  websocketNodeServer,
  fayeWebsocketServer,
  pythonWebsockets,
  aiohttpServer,
  starletteWebsockets,
  starletteWsproto,
  tornadoServer,
  gorillaServer,
];

/** `--quick`: the oldest and the newest ws, one Python and the Go server. */
export const quickServerSelectors: readonly string[] = ['ws@2', 'ws@8', 'aiohttp', 'gorilla'];
