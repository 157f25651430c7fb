import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { bearerSubprotocol } from '@ws-compat/header-options';
import { type QueryOptions, QueryParamsError, tryParseQuery } from '@ws-compat/query-params';
import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { buildConnectionContext, type ConnectionContext } from './context.js';
import { ConnectionContextError } from './errors.js';

const TOKEN_PROTOCOL = bearerSubprotocol.encode('s3cr3t');

const REQUEST_LINES: [string, string][] = [
  ['Host', 'api.example.com'],
  ['Origin', 'https://app.example.com'],
  ['User-Agent', 'test-agent/1.0'],
  ['Sec-WebSocket-Protocol', `chat.v2, ${TOKEN_PROTOCOL}, chat.v1`],
  ['Cookie', 'theme=dark; lang=en%20GB'],
  ['X-Custom', 'x'],
];

describe('fields', () => {
  const context = buildConnectionContext(
    fakeRequest({
      url: '/rooms/42?x=1&y=%20z&x=2',
      headers: REQUEST_LINES,
      remoteAddress: '192.0.2.7',
      remotePort: 4711,
    }),
    { generateId: () => 'fixed-id' },
  );

  test.each([
    ['id', 'fixed-id'],
    ['url', '/rooms/42?x=1&y=%20z&x=2'],
    ['path', '/rooms/42'],
    ['origin', 'https://app.example.com'],
    ['host', 'api.example.com'],
    ['userAgent', 'test-agent/1.0'],
    ['subprotocols', ['chat.v2', 'chat.v1']],
    ['auth', { scheme: 'Bearer', token: 's3cr3t', source: 'subprotocol' }],
    ['cookies', { theme: 'dark', lang: 'en GB' }],
    ['client', { address: '192.0.2.7', port: 4711, family: 'IPv4', forwardedFor: [], viaProxy: false }],
    ['secure', false],
  ] as [keyof ConnectionContext, unknown][])('%s', (field, expected) => {
    expect(context[field]).toEqual(expected);
  });

  test('query', () => {
    expect(context.query.getAll('x')).toEqual(['1', '2']);
    expect(context.query.get('y')).toBe(' z');
    expect(context.query.toObject()).toEqual({ x: '1', y: ' z' });
    expect([...context.query]).toEqual([
      ['x', '1'],
      ['y', ' z'],
      ['x', '2'],
    ]);
  });

  test('receivedAt is epoch milliseconds taken during the build', () => {
    const before = Date.now();
    const { receivedAt } = buildConnectionContext(fakeRequest());
    expect(receivedAt).toBeGreaterThanOrEqual(before);
    expect(receivedAt).toBeLessThanOrEqual(Date.now());
  });

  test('id is a random UUID by default', () => {
    const first = buildConnectionContext(fakeRequest()).id;
    const second = buildConnectionContext(fakeRequest()).id;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  test.each([
    ['/', '/'],
    ['/a/b', '/a/b'],
    ['/a?b=1', '/a'],
    ['/a#frag', '/a'],
    ['/a%20b?c', '/a%20b'],
    ['', '/'],
  ])('url %j has path %j', (url, path) => {
    expect(buildConnectionContext(fakeRequest({ url })).path).toBe(path);
  });

  test.each([
    [
      'no headers',
      [],
      { origin: null, host: null, userAgent: null, subprotocols: [], auth: null, cookies: {} },
    ],
    ['empty Sec-WebSocket-Protocol', [['Sec-WebSocket-Protocol', '']], { subprotocols: [] }],
  ] as [string, [string, string][], Partial<ConnectionContext>][])('%s', (_name, headers, expected) => {
    expect(buildConnectionContext(fakeRequest({ headers }))).toMatchObject(expected);
  });

  test('secure from a TLS socket', () => {
    expect(buildConnectionContext(fakeRequest({ encrypted: true })).secure).toBe(true);
  });
});

describe('frozen, lazy and computed once', () => {
  const context = buildConnectionContext(fakeRequest({ url: '/?a=1', headers: REQUEST_LINES }));

  test.each([
    ['context', context],
    ['client', context.client],
    ['client.forwardedFor', context.client.forwardedFor],
    ['subprotocols', context.subprotocols],
    ['auth', context.auth],
    ['cookies', context.cookies],
    ['headers', context.headers],
    ['query', context.query],
    ['toJSON()', context.toJSON()],
  ])('%s is frozen', (_name, value) => {
    expect(Object.isFrozen(value)).toBe(true);
  });

  test('fields cannot be assigned', () => {
    expect(() => {
      (context as { url: string }).url = '/changed';
    }).toThrow(TypeError);
    expect(() => {
      (context as { cookies: object }).cookies = {};
    }).toThrow(TypeError);
    expect(() => {
      (context.client as { address: string }).address = '6.6.6.6';
    }).toThrow(TypeError);
    expect(context.url).toBe('/?a=1');
  });

  test('cookies are parsed on first read, then the same object is returned', () => {
    const fresh = buildConnectionContext(fakeRequest({ headers: [['Cookie', 'a=1; a=2; b=%E2%9C%93']] }));
    const first = fresh.cookies;
    expect(first).toEqual({ a: '1', b: '✓' });
    expect(fresh.cookies).toBe(first);
    expect('toString' in first).toBe(false);
    const polluted = buildConnectionContext(
      fakeRequest({ headers: [['Cookie', '__proto__=x; constructor=y']] }),
    );
    expect(Object.getOwnPropertyNames(polluted.cookies)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('toJSON is computed once', () => {
    expect(context.toJSON()).toBe(context.toJSON());
  });

  test('query is computed once and frozen, whether parsed during the build or on first read', () => {
    for (const options of [undefined, { query: {} }, { tokenSources: ['query' as const] }]) {
      const fresh = buildConnectionContext(fakeRequest({ url: '/?a=1&b=2&a=3' }), options);
      const first = fresh.query;
      expect(fresh.query).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect([...first]).toEqual([
        ['a', '1'],
        ['b', '2'],
        ['a', '3'],
      ]);
    }
  });

  test('a query that could break the default limits is still refused during the build', () => {
    const url = `/?${'a&'.repeat(1000)}a`;
    expect(() => buildConnectionContext(fakeRequest({ url }))).toThrow(
      expect.objectContaining({ code: 'INVALID_QUERY', status: 400 }),
    );
    const long = `/?a=${'x'.repeat(16384)}`;
    expect(() => buildConnectionContext(fakeRequest({ url: long }))).toThrow(
      expect.objectContaining({ code: 'INVALID_QUERY', status: 414 }),
    );
  });

  test('ids stay distinct random UUIDs across refills of the random pool', () => {
    const ids = new Set<string>();
    for (let index = 0; index < 1000; index++) {
      const { id } = buildConnectionContext(fakeRequest());
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });

  test('subprotocols reused from an earlier request follow the value and the prefix', () => {
    const headers: [string, string][] = [['Sec-WebSocket-Protocol', 'chat, custom.YWJj']];
    const plain = buildConnectionContext(fakeRequest({ headers }));
    expect(plain.subprotocols).toEqual(['chat', 'custom.YWJj']);
    expect(buildConnectionContext(fakeRequest({ headers })).subprotocols).toEqual(['chat', 'custom.YWJj']);
    const prefixed = buildConnectionContext(fakeRequest({ headers }), { subprotocolPrefix: 'custom.' });
    expect(prefixed.subprotocols).toEqual(['chat']);
    expect(prefixed.auth).toEqual({ scheme: 'Bearer', token: 'abc', source: 'subprotocol' });
    const other = buildConnectionContext(fakeRequest({ headers: [['Sec-WebSocket-Protocol', 'chat']] }));
    expect(other.subprotocols).toEqual(['chat']);
    expect(Object.isFrozen(other.subprotocols)).toBe(true);
  });
});

describe('INVALID_QUERY', () => {
  test.each([
    ['too long', '/?a=123456789', { maxLength: 5 }, 'TOO_LONG', 414],
    ['too many parameters', '/?a=1&b=2&c=3', { maxParams: 2 }, 'TOO_MANY_PARAMS', 400],
    ['strict decoding', '/?a=%zz', { decoding: 'strict' }, 'INVALID_ENCODING', 400],
  ] as [string, string, QueryOptions, string, number][])(
    '%s is INVALID_QUERY with its status',
    (_name, url, query, causeCode, status) => {
      const parsed = tryParseQuery(url, query);
      if (parsed.ok) throw new Error('the query parser accepted the input');
      try {
        buildConnectionContext(fakeRequest({ url }), { query });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConnectionContextError);
        const contextError = error as ConnectionContextError;
        expect(contextError.code).toBe('INVALID_QUERY');
        expect(contextError.status).toBe(status);
        expect(contextError.message).toBe(`Invalid query string (${causeCode}): ${parsed.error.message}`);
        expect(contextError.cause).toBeInstanceOf(QueryParamsError);
        expect((contextError.cause as QueryParamsError).code).toBe(causeCode);
      }
    },
  );

  test("onLimit: 'truncate' is passed through", () => {
    const context = buildConnectionContext(fakeRequest({ url: '/?a=1&b=2&c=3' }), {
      query: { maxParams: 2, onLimit: 'truncate' },
    });
    expect(context.query.truncated).toBe(true);
    expect(context.query.names()).toEqual(['a', 'b']);
  });
});

describe('sources', () => {
  test('anything else is a TypeError', () => {
    const message =
      'buildConnectionContext() needs an IncomingMessage (ws 3+ "connection" or verifyClient info.req), a ws 2 socket with upgradeReq, or a WHATWG Request; for a ws 3+ socket pass the request: buildConnectionContext(req)';
    for (const source of [null, undefined, 42, {}, { upgradeReq: null }, { url: '/' }]) {
      expect(() => buildConnectionContext(source as unknown as IncomingMessage)).toThrow(
        new TypeError(message),
      );
    }
  });

  test('a WHATWG Request: target, headers, remoteAddress and scheme', () => {
    const request = new Request('https://api.example.com/rooms/42?x=1#ignored', {
      headers: { origin: 'https://app.example.com', 'user-agent': 'deno' },
    });
    const context = buildConnectionContext(request, { remoteAddress: '::ffff:192.0.2.7', remotePort: 5000 });
    expect(context).toMatchObject({
      url: '/rooms/42?x=1',
      path: '/rooms/42',
      origin: 'https://app.example.com',
      userAgent: 'deno',
      secure: true,
      client: { address: '192.0.2.7', port: 5000, family: 'IPv4', forwardedFor: [], viaProxy: false },
    });
  });

  test.each([
    ['http://h.example', '/'],
    ['http://h.example?q=1', '/?q=1'],
    ['ws://h.example/p?q=1', '/p?q=1'],
  ])('Request url %s targets %s', (url, target) => {
    const context = buildConnectionContext(new Request(url.replace(/^ws/, 'http')));
    expect(context.url).toBe(target);
    expect(context.client.address).toBe(null);
  });

  test('the same request gives the same context as IncomingMessage, { upgradeReq } and Request', async () => {
    const server = createServer();
    const upgraded = once(server, 'upgrade');
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    const lines = [
      'GET /rooms/42?x=1&access_token=h3ad3r HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Origin: https://app.example.com',
      'Authorization: Bearer h3ad3r',
      `Sec-WebSocket-Protocol: chat, ${bearerSubprotocol.encode('h3ad3r')}`,
      'X-Forwarded-For: 203.0.113.9',
      'X-Forwarded-Proto: https',
      'Cookie: a=1',
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    try {
      const [req] = (await upgraded) as [IncomingMessage];
      const options = {
        trustProxy: ['loopback'],
        tokenSources: ['header', 'subprotocol', 'query'] as const,
        remoteAddress: '127.0.0.1',
        remotePort: req.socket.remotePort as number,
        generateId: () => 'same',
      };
      const headers = new Headers();
      for (let index = 0; index < req.rawHeaders.length; index += 2) {
        headers.append(req.rawHeaders[index] as string, req.rawHeaders[index + 1] as string);
      }
      const request = new Request(`http://127.0.0.1:${port}${req.url}`, { headers });
      const view = (context: ConnectionContext) => ({
        ...(context.toJSON() as Record<string, unknown>),
        receivedAt: 0,
        auth: context.auth,
        query: context.query.toObject({ duplicates: 'array' }),
        headers: Object.fromEntries([...context.headers.entries()].sort(([a], [b]) => a.localeCompare(b))),
      });
      const fromNode = view(buildConnectionContext(req, options));
      expect(view(buildConnectionContext({ upgradeReq: req }, options))).toEqual(fromNode);
      expect(view(buildConnectionContext(request, options))).toEqual(fromNode);
      expect(fromNode).toMatchObject({
        url: '/rooms/42?x=1&access_token=[redacted]',
        auth: { scheme: 'Bearer', token: 'h3ad3r', source: 'header' },
        client: { address: '203.0.113.9', viaProxy: true },
        subprotocols: ['chat'],
        secure: true,
      });
    } finally {
      socket.destroy();
      server.close();
    }
  });
});
