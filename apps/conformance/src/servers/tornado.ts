import { raisingHandlerEnds, rfcServerClose } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** tornado 6.2 (Debian python3-tornado) `WebSocketHandler` on an `HTTPServer(xheaders=True)`. */
export const tornadoServer: ProgramServerAdapter = {
  selector: 'tornado',
  family: 'tornado',
  program: { language: 'python', program: 'server_tornado.py' },
  connection: true,
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
    ...rfcServerClose('tornado 6.2'),
    ...raisingHandlerEnds(
      'tornado 6.2',
      'from on_message() aborts the connection without a close frame (the client sees 1006)',
      ['throwing listener: the connection failed: error ABNORMAL_CLOSURE'],
    ),
    {
      scenario: 'text-round-trip',
      reason:
        'tornado 6.2 answers the peer\'s close frame with the peer\'s code and no reason: the client that closed with 1000 "done" gets 1000 "" back (RFC 6455 leaves the answer\'s reason to the peer)',
      observed: 'client: close reason: expected "done", got ""',
    },
    {
      scenario: 'protocol-error',
      reason:
        'tornado 6.2 aborts the connection on a reserved opcode and tells the handler nothing but on_close() (close_code None, reported as 1006): no error reaches the app',
      observed: 'server: expected an error event then a close event, saw close 1006',
    },
  ],
};
