import { NO_PROXY_SUPPORT } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** aiohttp 3.8 (Debian python3-aiohttp), `web.WebSocketResponse` behind the low-level `web.Server`. */
export const aiohttpServer: ProgramServerAdapter = {
  selector: 'aiohttp',
  family: 'aiohttp',
  program: { language: 'python', program: 'server_aiohttp.py' },
  expectedFailures: [
    NO_PROXY_SUPPORT,
    {
      scenario: 'split-protocol-lines',
      reason:
        'WebSocketResponse(protocols=[...]) matches against headers.get(), the first Sec-WebSocket-Protocol line only, so an offer split over two lines (RFC 9110 makes them one list) selects nothing although request.headers.getall() sees both',
      observed: 'expected [101,["chat"]], got [101,[]]',
    },
  ],
};
