import { NO_PROXY_SUPPORT } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** aiohttp 3.8 (Debian python3-aiohttp), `web.WebSocketResponse` behind the low-level `web.Server`. */
export const aiohttpServer: ProgramServerAdapter = {
  selector: 'aiohttp',
  family: 'aiohttp',
  program: { language: 'python', program: 'server_aiohttp.py' },
  expectedFailures: [NO_PROXY_SUPPORT],
};
