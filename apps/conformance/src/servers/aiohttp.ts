import { NO_PROXY_SUPPORT, raisingHandlerEnds, rfcServerClose } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** aiohttp 3.8 (Debian python3-aiohttp), `web.WebSocketResponse` behind the low-level `web.Server`. */
export const aiohttpServer: ProgramServerAdapter = {
  selector: 'aiohttp',
  family: 'aiohttp',
  program: { language: 'python', program: 'server_aiohttp.py' },
  connection: true,
  expectedFailures: [
    NO_PROXY_SUPPORT,
    {
      scenario: 'split-protocol-lines',
      reason:
        'WebSocketResponse(protocols=[...]) matches against headers.get(), the first Sec-WebSocket-Protocol line only, so an offer split over two lines (RFC 9110 makes them one list) selects nothing although request.headers.getall() sees both',
      observed: 'expected [101,["chat"]], got [101,[]]',
    },
    ...rfcServerClose('aiohttp 3.8'),
    ...raisingHandlerEnds(
      'aiohttp 3.8',
      'drops the connection without a close frame (the client sees 1006)',
      ['throwing listener: the connection failed: error ABNORMAL_CLOSURE'],
    ),
    ...(
      [
        ['text-round-trip', 'client: close reason: expected "done", got ""'],
        ['close-both-ways', 'client closes 4001: client: close code 1000, expected 4001'],
      ] as const
    ).map(([scenario, observed]) => ({
      scenario,
      reason:
        "aiohttp 3.8 answers the peer's close frame with close()'s defaults, code 1000 and no reason, instead of echoing the peer's code (RFC 6455 5.5.1): the client that closed with 4001, or with 1000 and a reason, gets 1000 and an empty reason back",
      observed,
    })),
  ],
};
