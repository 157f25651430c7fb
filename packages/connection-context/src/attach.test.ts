import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { bearerSubprotocol } from '@ws-compat/header-options';
import { rawExchange, requestBytes } from '@ws-compat/wire';
import { describe, expect, test, vi } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { type AttachOptions, contextOf, type VerifyClientInfo, withConnectionContext } from './attach.js';
import { ConnectionContextError } from './errors.js';

type Verdict = { result: boolean; code?: number; message?: string; headers?: object };

function verify(hooks: ReturnType<typeof withConnectionContext>, request: IncomingMessage): Promise<Verdict> {
  const info: VerifyClientInfo = { origin: undefined, secure: false, req: request };
  return new Promise((resolve) => {
    hooks.verifyClient(info, (result, code, message, headers) => {
      const verdict: Verdict = { result };
      if (code !== undefined) verdict.code = code;
      if (message !== undefined) verdict.message = message;
      if (headers !== undefined) verdict.headers = headers;
      resolve(verdict);
    });
  });
}

const ORIGIN = 'https://app.example';
const withOrigin = (origin?: string) =>
  fakeRequest({ headers: origin === undefined ? [] : [['Origin', origin]], remoteAddress: '192.0.2.1' });
// a 401 carries its challenge (RFC 9110 section 15.5.2; RFC 6750 section 3.1 for a bad token)
const refused = (status: number, code: string): Verdict => ({
  result: false,
  code: status,
  message: code,
  headers:
    status === 401
      ? {
          'X-WS-Compat-Error': code,
          'WWW-Authenticate': code === 'INVALID_TOKEN' ? 'Bearer error="invalid_token"' : 'Bearer',
        }
      : { 'X-WS-Compat-Error': code },
});

describe('withConnectionContext: verifyClient', () => {
  test('keeps the other server options and has the two-argument (async) form', () => {
    const hooks = withConnectionContext({ port: 0, perMessageDeflate: false });
    expect(hooks).toMatchObject({ port: 0, perMessageDeflate: false });
    expect(hooks.verifyClient.length).toBe(2);
    expect(hooks.handleProtocols.length).toBe(2);
  });

  test.each([
    ['no allowOrigins: anything', undefined, 'https://evil.example', { result: true }],
    ["'*': anything", '*', 'https://evil.example', { result: true }],
    ["'*': even none", '*', undefined, { result: true }],
    ['exact match', [ORIGIN], ORIGIN, { result: true }],
    ['a suffix is not a match', [ORIGIN], `${ORIGIN}.evil.example`, refused(403, 'ORIGIN_NOT_ALLOWED')],
    ['another scheme', [ORIGIN], 'http://app.example', refused(403, 'ORIGIN_NOT_ALLOWED')],
    ['no Origin', [ORIGIN], undefined, refused(403, 'ORIGIN_NOT_ALLOWED')],
    ['RegExp', [/^https:\/\/[a-z]+\.example$/], 'https://beta.example', { result: true }],
    ['global RegExp twice in a row', [/^https:\/\/app\.example$/g], ORIGIN, { result: true }],
  ] as [string, AttachOptions['allowOrigins'], string | undefined, Verdict][])(
    'allowOrigins, %s',
    async (_name, allowOrigins, origin, expected) => {
      const hooks = withConnectionContext({}, allowOrigins === undefined ? {} : { allowOrigins });
      expect(await verify(hooks, withOrigin(origin))).toEqual(expected);
      expect(await verify(hooks, withOrigin(origin))).toEqual(expected);
    },
  );

  test.each([
    [
      'no Origin',
      undefined,
      'The request has no Origin header and allowOrigins is set; browsers always send one, other clients must send it too (ws: the "origin" option)',
    ],
    [
      'another Origin',
      'https://evil.example',
      'Origin "https://evil.example" is not in allowOrigins; add it there if this site may connect',
    ],
  ])('ORIGIN_NOT_ALLOWED message: %s', async (_name, origin, message) => {
    const onReject = vi.fn();
    await verify(withConnectionContext({}, { allowOrigins: [ORIGIN], onReject }), withOrigin(origin));
    expect(onReject).toHaveBeenCalledOnce();
    expect(onReject.mock.calls[0]?.[0]).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', status: 403, message });
  });

  const authorized = fakeRequest({ headers: [['Authorization', 'Bearer t0k']] });
  const anonymous = fakeRequest();
  const withScheme = (authorization: string, protocol?: string) =>
    fakeRequest({
      headers: [
        ['Authorization', authorization],
        ...(protocol === undefined ? [] : [['Sec-WebSocket-Protocol', protocol] as [string, string]]),
      ],
    });
  test.each([
    ['requireAuth with a token', { requireAuth: true }, authorized, { result: true }],
    ['requireAuth without a token', { requireAuth: true }, anonymous, refused(401, 'UNAUTHORIZED')],
    [
      'requireAuth with Authorization: Foo x',
      { requireAuth: true },
      withScheme('Foo x'),
      refused(401, 'UNAUTHORIZED'),
    ],
    [
      'requireAuth with Basic credentials only',
      { requireAuth: true },
      withScheme('Basic dXNlcjpwYXNz'),
      refused(401, 'UNAUTHORIZED'),
    ],
    [
      'requireAuth with Basic credentials and a bearer subprotocol (no conflict)',
      { requireAuth: true },
      withScheme('Basic dXNlcjpwYXNz', bearerSubprotocol.encode('t0k')),
      { result: true },
    ],
    ['authenticate true', { authenticate: () => true }, authorized, { result: true }],
    ['authenticate false', { authenticate: () => false }, authorized, refused(401, 'UNAUTHORIZED')],
    ['authenticate resolves true', { authenticate: async () => true }, authorized, { result: true }],
    [
      'authenticate resolves false',
      { authenticate: async () => false },
      authorized,
      refused(401, 'UNAUTHORIZED'),
    ],
    [
      'authenticate throws a ConnectionContextError',
      {
        authenticate: () => {
          throw new ConnectionContextError('UNAUTHORIZED', 'expired', { status: 419 });
        },
      },
      authorized,
      { result: false, code: 419, message: 'UNAUTHORIZED', headers: { 'X-WS-Compat-Error': 'UNAUTHORIZED' } },
    ],
    [
      'authenticate throws something else: 500',
      {
        authenticate: () => {
          throw new Error('database down');
        },
      },
      authorized,
      { result: false, code: 500, message: 'Internal Server Error' },
    ],
    [
      'authenticate rejects: 500',
      { authenticate: () => Promise.reject(new Error('database down')) },
      authorized,
      { result: false, code: 500, message: 'Internal Server Error' },
    ],
  ] as [string, AttachOptions, IncomingMessage, Verdict][])(
    '%s',
    async (_name, options, request, expected) => {
      expect(await verify(withConnectionContext({}, options), request)).toEqual(expected);
    },
  );

  test('authenticate receives the context and the messages are exact', async () => {
    const onReject = vi.fn();
    const authenticate = vi.fn((_context: unknown) => false);
    await verify(withConnectionContext({}, { authenticate, onReject }), authorized);
    expect(authenticate.mock.calls[0]?.[0]).toMatchObject({ auth: { token: 't0k', source: 'header' } });
    expect(onReject.mock.calls[0]?.[0]).toMatchObject({ message: 'authenticate() refused the connection' });
    onReject.mockClear();
    await verify(withConnectionContext({}, { requireAuth: true, onReject }), anonymous);
    expect(onReject.mock.calls[0]?.[0]).toMatchObject({
      message:
        'No token: requireAuth is set and the request carries no bearer token in the configured tokenSources (an Authorization header with another scheme, such as Basic, is not one: it is context.authorization)',
    });
  });

  test('Basic credentials reach authenticate as authorization, never as auth.token', async () => {
    const authenticate = vi.fn((_context: unknown) => true);
    await verify(withConnectionContext({}, { authenticate }), withScheme('Basic dXNlcjpwYXNz'));
    expect(authenticate.mock.calls[0]?.[0]).toMatchObject({
      auth: null,
      authorization: { scheme: 'Basic', credentials: 'dXNlcjpwYXNz' },
    });
  });

  test('a build error is refused with its own status', async () => {
    const request = fakeRequest({
      url: '/?a=123456',
      headers: [
        ['Host', 'a'],
        ['Host', 'b'],
      ],
    });
    expect(await verify(withConnectionContext({}), request)).toEqual(refused(400, 'DUPLICATE_HEADER'));
    const long = fakeRequest({ url: '/?a=123456' });
    expect(await verify(withConnectionContext({}, { query: { maxLength: 3 } }), long)).toEqual(
      refused(414, 'INVALID_QUERY'),
    );
  });

  test.each([
    ['sync true', (_info: VerifyClientInfo) => true, { result: true }],
    ['sync false', (_info: VerifyClientInfo) => false, { result: false }],
    ['async true', async (_info: VerifyClientInfo) => true, { result: true }],
    ['async false', async (_info: VerifyClientInfo) => false, { result: false }],
    [
      'callback refusal with its own status and headers',
      (
        _info: VerifyClientInfo,
        callback: (result: boolean, code?: number, message?: string, headers?: object) => void,
      ) => callback(false, 429, 'Slow down', { 'Retry-After': '5' }),
      { result: false, code: 429, message: 'Slow down', headers: { 'Retry-After': '5' } },
    ],
    [
      'callback acceptance',
      (_info: VerifyClientInfo, callback: (result: boolean) => void) => setTimeout(() => callback(true), 1),
      { result: true },
    ],
    [
      'sync throw: 500',
      (_info: VerifyClientInfo) => {
        throw new Error('bug');
      },
      { result: false, code: 500, message: 'Internal Server Error' },
    ],
  ] as [string, (...args: never[]) => unknown, Verdict][])(
    "the user's verifyClient, %s, runs after the context is built",
    async (_name, userVerify, expected) => {
      let seen: unknown;
      const wrapped = (...args: never[]) => {
        seen = contextOf((args[0] as unknown as VerifyClientInfo).req);
        return userVerify(...args);
      };
      Object.defineProperty(wrapped, 'length', { value: userVerify.length });
      const hooks = withConnectionContext({ verifyClient: wrapped }, {});
      expect(await verify(hooks, authorized)).toEqual(expected);
      expect(seen).toMatchObject({ auth: { token: 't0k' } });
    },
  );

  test("the user's verifyClient does not run when the context refuses", async () => {
    const userVerify = vi.fn(() => true);
    const hooks = withConnectionContext({ verifyClient: userVerify }, { requireAuth: true });
    expect(await verify(hooks, anonymous)).toEqual(refused(401, 'UNAUTHORIZED'));
    expect(userVerify).not.toHaveBeenCalled();
  });

  test('a bad trustProxy throws when the options are made, not per connection', () => {
    expect(() => withConnectionContext({}, { trustProxy: 1 as unknown as false })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRUST_PROXY', status: 500 }),
    );
  });
});

describe('withConnectionContext: handleProtocols', () => {
  const token = bearerSubprotocol.encode('secret');
  const request = fakeRequest();
  test.each([
    ['ws 8 Set, no protocols option: first offer', undefined, new Set(['b', 'a']), 'b'],
    ['ws 8 Set, token first', undefined, new Set([token, 'a']), 'a'],
    ['ws 8 Set, only the token', undefined, new Set([token]), false],
    ['ws 8 Set, nothing supported', ['x'], new Set(['a']), false],
    ['ws 5-7 Array, supported', ['a', 'b'], ['b', 'a'], 'b'],
    ['ws 5-7 Array, nothing supported: empty string, not false', ['x'], ['a'], ''],
    ['ws 2-4 Array with no header ([""])', undefined, [''], ''],
    ['ws 2-4 untrimmed offers', ['a', 'b'], [' a ', 'b'], 'a'],
    ['ws 2-4 Array, only the token', undefined, [token], ''],
  ] as [string, string[] | undefined, Set<string> | string[], string | false][])(
    '%s',
    (_name, protocols, offered, expected) => {
      const hooks = withConnectionContext({}, protocols === undefined ? {} : { protocols });
      expect(hooks.handleProtocols(offered, request)).toBe(expected);
    },
  );

  test("the user's handleProtocols sees the offers without the token, in the same shape", () => {
    const calls: unknown[] = [];
    const user = (offered: Set<string> | string[]) => {
      calls.push(offered);
      return [...offered][0] ?? false;
    };
    const hooks = withConnectionContext({ handleProtocols: user });
    expect(hooks.handleProtocols(new Set([token, 'a']), request)).toBe('a');
    expect(hooks.handleProtocols([' b', token], request)).toBe('b');
    expect(hooks.handleProtocols([token], request)).toBe('');
    expect(calls).toEqual([new Set(['a']), ['b'], []]);
  });

  test("a user's handleProtocols that returns the token or false gets no subprotocol", () => {
    const hooks = withConnectionContext({ handleProtocols: () => token });
    expect(hooks.handleProtocols(new Set([token]), request)).toBe(false);
    expect(hooks.handleProtocols([token], request)).toBe('');
    const refusing = withConnectionContext({ handleProtocols: () => false });
    expect(refusing.handleProtocols(['a'], request)).toBe('');
  });
});

describe('contextOf', () => {
  test('unknown sockets and requests have none', () => {
    expect(contextOf({})).toBeUndefined();
    expect(contextOf({}, {})).toBeUndefined();
    expect(contextOf(null)).toBeUndefined();
    expect(contextOf(undefined, undefined)).toBeUndefined();
    expect(contextOf({ upgradeReq: {} })).toBeUndefined();
  });

  test('found by request, then by socket; ws 2 through upgradeReq', async () => {
    const request = fakeRequest();
    await verify(withConnectionContext({}), request);
    const context = contextOf(request);
    expect(context).toBeDefined();
    const ws3 = {};
    expect(contextOf(ws3, request)).toBe(context);
    expect(contextOf(ws3)).toBe(context);
    expect(contextOf({ upgradeReq: request })).toBe(context);
  });
});

describe('noServer + handleUpgrade', () => {
  const require = createRequire(import.meta.url);
  interface NoServerWss {
    handleUpgrade(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      callback: (ws: { send(data: string): void }) => void,
    ): void;
    close(): void;
  }
  test.each([3, 6, 8])('ws %i: the context is there in the handleUpgrade callback', async (version) => {
    const { Server } = require(`ws${version}`) as { Server: new (options: object) => NoServerWss };
    const wss = new Server(withConnectionContext({ noServer: true }, { tokenSources: ['query'] }));
    const server = createServer();
    // ws 3-6 call back with the socket only: the request we passed in is the key.
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      wss.handleUpgrade(request, socket, head, (ws) => {
        ws.send(JSON.stringify(contextOf(ws, request)?.auth ?? null));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const response = await rawExchange({
        port,
        request: requestBytes([
          'GET /?access_token=q1 HTTP/1.1',
          'Host: ws.example',
          'Connection: Upgrade',
          'Upgrade: websocket',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        ]),
      });
      expect(response.status).toBe(101);
      expect(JSON.parse(response.message ?? 'null')).toEqual({
        scheme: 'Bearer',
        token: 'q1',
        source: 'query',
      });
    } finally {
      wss.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
