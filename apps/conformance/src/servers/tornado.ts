import type { ProgramServerAdapter } from './_types.js';

/** tornado 6.2 (Debian python3-tornado) `WebSocketHandler` on an `HTTPServer(xheaders=True)`. */
export const tornadoServer: ProgramServerAdapter = {
  selector: 'tornado',
  family: 'tornado',
  program: { language: 'python', program: 'server_tornado.py' },
  expectedFailures: [
    {
      scenario: 'context',
      reason:
        "xheaders=True (tornado's proxy support) trusts X-Forwarded-For from any peer: a client spoofs its address; there is no list of trusted proxies",
      observed: 'spoofed X-Forwarded-For from an untrusted peer',
      // only clients that can send an X-Forwarded-For header spoof it
      clients: [
        'ws',
        'undici',
        'node-global',
        'python-websockets',
        'aiohttp',
        'websocket-client',
        'tornado',
        'gorilla',
        'websocket-node',
        'faye-websocket',
      ],
    },
    {
      scenario: 'query',
      reason:
        "tornado's get_query_argument() raises HTTPError 400 for a value whose percent-decoding is not UTF-8 (bad=%E0%A4%A): the app loses the pair (or the request) where WHATWG gives U+FFFD",
      observed: 'ctx.query entries',
    },
  ],
};
