import { NO_PROXY_SUPPORT } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

/** Python websockets 10.4 (Debian python3-websockets), legacy asyncio `serve()`. */
export const pythonWebsockets: ProgramServerAdapter = {
  selector: 'python-websockets',
  family: 'python-websockets',
  program: { language: 'python', program: 'server_websockets.py' },
  connection: true,
  expectedFailures: [
    {
      scenario: 'headers-arrive',
      reason:
        'websockets 10.4 decodes header bytes above 0x7F as lone surrogates (ASCII with surrogateescape), not as Latin-1: the app gets "h\\udce9llo"',
      observed: "server ctx.headers.get('x-latin') vs the bytes sent",
    },
    NO_PROXY_SUPPORT,
    ...[
      'server close(1001): no message arrived',
      'server: echo after its refused close: no message arrived',
      'client: close code 1001, expected 1000',
    ].map((observed) => ({
      scenario: 'invalid-close-refused',
      reason:
        "websockets 10.4's close() follows RFC 6455, not the WHATWG API: 1001 (going away) is a code a server may send, so close(1001) does not throw and closes the connection",
      observed,
    })),
    ...[
      'client: a later message: no message arrived',
      'client: close code 1011, expected 1000',
      'server: its throwing listener was not reported to onListenerError',
      'server: no close 1000 after its listener threw',
    ].map((observed) => ({
      scenario: 'throwing-listener',
      reason:
        'websockets 10.4 has no message listeners: the handler reads with async for, and an exception in it ends the connection with 1011 (logged by websockets, not reported to the app); the process lives',
      observed,
    })),
  ],
};
