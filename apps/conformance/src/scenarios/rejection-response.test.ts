import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fakeCell } from '../_test/fake-cell.js';
import type { CellContext } from './_types.js';
import { REJECTION, rejectionResponse, responseBody } from './rejection-response.js';

const CRLF = '\r\n';
const head = (...lines: string[]): string => [...lines, '', ''].join(CRLF);

describe('responseBody', () => {
  test.each([
    ['Content-Length', head('HTTP/1.1 401 X', 'Content-Length: 3') + 'abcdef', { body: 'abc' }],
    [
      'chunked, two chunks',
      head('HTTP/1.1 401 X', 'Transfer-Encoding: chunked') +
        `2${CRLF}ab${CRLF}1${CRLF}c${CRLF}0${CRLF}${CRLF}`,
      { body: 'abc' },
    ],
    ['unframed: every byte after the head', head('HTTP/1.1 401 X') + 'abc', { body: 'abc' }],
    ['no head yet', 'HTTP/1.1 401 X\r\n', { problem: 'no complete response head', incomplete: true }],
    [
      'Content-Length longer than what came',
      head('HTTP/1.1 401 X', 'Content-Length: 9') + 'abc',
      { problem: 'Content-Length 9, but 3 byte(s) arrived before the close', incomplete: true },
    ],
    [
      'two Content-Length lines',
      head('HTTP/1.1 401 X', 'Content-Length: 3', 'Content-Length: 3') + 'abc',
      { problem: 'Content-Length ["3","3"]' },
    ],
    [
      'a bad chunk size',
      head('HTTP/1.1 401 X', 'Transfer-Encoding: chunked') + `zz${CRLF}ab${CRLF}`,
      { problem: 'a bad chunk size at byte 0' },
    ],
    [
      'no last chunk',
      head('HTTP/1.1 401 X', 'Transfer-Encoding: chunked') + `2${CRLF}ab${CRLF}`,
      { problem: 'the chunked body has no last chunk', incomplete: true },
    ],
  ])('%s', (_name, bytes, expected) => {
    expect(responseBody(Buffer.from(bytes, 'latin1'))).toEqual(expected);
  });
});

/** Lying servers answer with these exact bytes, then close (or, `open`, keep the connection). */
const HONEST =
  head('HTTP/1.1 401 Unauthorized', 'WWW-Authenticate: Bearer', 'Content-Length: 13') + REJECTION.body;
const SERVERS: Record<string, { bytes: string[]; open?: boolean }> = {
  honest: { bytes: [HONEST] },
  'honest, chunked in two writes': {
    bytes: [
      head('HTTP/1.1 401 Unauthorized', 'WWW-Authenticate: Bearer', 'Transfer-Encoding: chunked'),
      `d${CRLF}${REJECTION.body}${CRLF}0${CRLF}${CRLF}`,
    ],
    open: true,
  },
  'honest, unframed until close': {
    bytes: [head('HTTP/1.1 401 Unauthorized', 'WWW-Authenticate: Bearer') + REJECTION.body],
  },
  'hono: body and WWW-Authenticate dropped': {
    bytes: [head('HTTP/1.1 401 Unauthorized', 'Connection: close', 'Content-Length: 0')],
  },
  'WebSocket-Node: no body': {
    bytes: [
      head(
        'HTTP/1.1 401 Unauthorized',
        'X-WebSocket-Reject-Reason: unauthorized',
        'WWW-Authenticate: Bearer',
      ),
    ],
  },
  'Starlette: 403': { bytes: [head('HTTP/1.1 403 Forbidden', 'Content-Length: 0')] },
  'two WWW-Authenticate lines': {
    bytes: [
      head(
        'HTTP/1.1 401 Unauthorized',
        'WWW-Authenticate: Bearer',
        'WWW-Authenticate: Basic',
        'Content-Length: 13',
      ) + REJECTION.body,
    ],
  },
  'a body cut short by the close': {
    bytes: [head('HTTP/1.1 401 Unauthorized', 'WWW-Authenticate: Bearer', 'Content-Length: 13') + 'unauth'],
  },
  'no response at all': { bytes: [] },
};

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => {
    socket.once('data', (request) => {
      // the request target names the lie: /<name>/rejection
      const target = request.toString('latin1').split(' ')[1] ?? '';
      const lie = SERVERS[decodeURIComponent(target.split('/')[1] ?? '')]!;
      const [first, ...rest] = lie.bytes;
      if (first === undefined) return void socket.end();
      socket.write(first, 'latin1');
      // a second write after a pause: a reader that stops at the head would lose it
      setTimeout(() => {
        for (const bytes of rest) socket.write(bytes, 'latin1');
        if (lie.open !== true) socket.end();
      }, 20);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A cell whose raw target is the lying server, keyed by the lie's name. */
function cellFor(lie: string): CellContext {
  return {
    ...fakeCell(() => {
      throw new Error('rejection-response makes no attempt');
    }),
    rawTarget: () => ({ port, path: `/${encodeURIComponent(lie)}`, report: async () => null }),
  };
}

describe('rejection-response against servers that lie', () => {
  test.each([
    ['honest', { ok: true }],
    ['honest, chunked in two writes', { ok: true }],
    ['honest, unframed until close', { ok: true }],
    [
      'hono: body and WWW-Authenticate dropped',
      {
        ok: false,
        failures: [
          'WWW-Authenticate lines: expected ["Bearer"], got []',
          String.raw`body: expected "unauthorized\\x0a", got ""`,
        ],
      },
    ],
    [
      'WebSocket-Node: no body',
      { ok: false, failures: [String.raw`body: expected "unauthorized\\x0a", got ""`] },
    ],
    [
      'Starlette: 403',
      {
        ok: false,
        failures: [
          'status: expected 401, got 403',
          'WWW-Authenticate lines: expected ["Bearer"], got []',
          String.raw`body: expected "unauthorized\\x0a", got ""`,
        ],
      },
    ],
    [
      'two WWW-Authenticate lines',
      { ok: false, failures: ['WWW-Authenticate lines: expected ["Bearer"], got ["Bearer","Basic"]'] },
    ],
    [
      'a body cut short by the close',
      {
        ok: false,
        failures: ['body: Content-Length 13, but 6 byte(s) arrived before the close (closed by the server)'],
      },
    ],
    [
      'no response at all',
      { ok: false, failures: ['no complete response head (closed by the server; 0 byte(s))'] },
    ],
  ])('%s', async (lie, expected) => {
    expect(await rejectionResponse.run(cellFor(lie))).toMatchObject(expected);
  });
});
