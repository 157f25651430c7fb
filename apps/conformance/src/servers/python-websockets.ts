import { NO_PROXY_SUPPORT, raisingHandlerEnds, rfcServerClose } from './_native.js';
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
    ...rfcServerClose('websockets 10.4'),
    ...raisingHandlerEnds('websockets 10.4', 'ends the connection with 1011', [
      'client: a later message: no message arrived',
      'client: close code 1011, expected 1000',
      'server: its throwing listener was not reported to onListenerError',
      'server: no close 1000 after its listener threw',
    ]),
  ],
};
