import type { ClientAdapter } from './_types.js';
import { aiohttpClient } from './aiohttp.js';
import { chromium } from './chromium.js';
import { fayeWebsocket } from './faye-websocket.js';
import { firefox } from './firefox.js';
import { gorillaClient } from './gorilla.js';
import { nodeGlobal20 } from './node-global-20.js';
import { nodeGlobal22 } from './node-global-22.js';
import { nodeGlobal24 } from './node-global-24.js';
import { partysocket } from './partysocket.js';
import { pythonWebsocketsClient } from './python-websockets.js';
import { tornadoClient } from './tornado.js';
import { undici5 } from './undici5.js';
import { undici6 } from './undici6.js';
import { undici7 } from './undici7.js';
import { undici8 } from './undici8.js';
import { webkit } from './webkit.js';
import { websocketClient } from './websocket-client.js';
import { websocketNode } from './websocket-node.js';
import { ws2 } from './ws2.js';
import { ws3 } from './ws3.js';
import { ws4 } from './ws4.js';
import { ws5 } from './ws5.js';
import { ws6 } from './ws6.js';
import { ws7 } from './ws7.js';
import { ws8 } from './ws8.js';

export type { ClientAdapter } from './_types.js';

/** Every client, in report order. */
export const clientAdapters: readonly ClientAdapter[] = [
  ws2,
  ws3,
  ws4,
  ws5,
  ws6,
  ws7,
  ws8,
  undici5,
  undici6,
  undici7,
  undici8,
  nodeGlobal20,
  nodeGlobal22,
  nodeGlobal24,
  chromium,
  firefox,
  webkit,
  websocketNode,
  fayeWebsocket,
  partysocket,
  pythonWebsocketsClient,
  aiohttpClient,
  websocketClient,
  tornadoClient,
  gorillaClient,
];

/**
 * `--quick`: one client per family of Node and browsers, one Python client and the Go one. The Python
 * one is websockets 10.4 (the seeds' own library): `--quick` runs inside `pnpm test`, and its cells
 * took 54 s in the full run against websocket-client's 84 s, whose chain was the slowest of `--quick`.
 */
export const quickClientSelectors: readonly string[] = [
  'ws@8',
  'undici@7',
  'node-global@22',
  'chromium',
  'python-websockets',
  'gorilla',
];
