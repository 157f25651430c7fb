import { tryParseQuery } from '@ws-compat/query-params';
import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { type AttachOptions, withConnectionContext } from './attach.js';
import { buildConnectionContext } from './context.js';
import type { ContextOptions } from './options.js';
import { type SelectSubprotocolOptions, selectSubprotocol } from './subprotocol.js';

const SOURCES = "one of 'header', 'subprotocol', 'query', 'cookie'";

// Every option of the wrong type or range: INVALID_OPTION (500), naming the option, the value and
// what is accepted. trustProxy keeps its own code, INVALID_TRUST_PROXY (see trust-proxy.test.ts).
const contextRows: [string, unknown, string][] = [
  ['options: null', null, 'options must be an object, or undefined; got null'],
  ['options: a string', 'loopback', 'options must be an object, or undefined; got "loopback"'],
  ['options: an array', [], 'options must be an object, or undefined; got an array'],
  [
    'tokenSources: a string',
    { tokenSources: 'header' },
    `tokenSources must be an array of ${SOURCES}; got "header"`,
  ],
  [
    'tokenSources: an unknown source',
    { tokenSources: ['header', 'body'] },
    `tokenSources[1] must be ${SOURCES}; got "body"`,
  ],
  ['tokenSources: a number entry', { tokenSources: [1] }, `tokenSources[0] must be ${SOURCES}; got 1`],
  [
    'tokenQueryParam: empty',
    { tokenQueryParam: '' },
    'tokenQueryParam must be a non-empty string (the query parameter name); got ""',
  ],
  [
    'tokenQueryParam: a number',
    { tokenQueryParam: 1 },
    'tokenQueryParam must be a non-empty string (the query parameter name); got 1',
  ],
  [
    'tokenCookie: a space',
    { tokenCookie: 'my token' },
    'tokenCookie must be a cookie name (a non-empty RFC 7230 token); got "my token"',
  ],
  [
    'tokenCookie: null',
    { tokenCookie: null },
    'tokenCookie must be a cookie name (a non-empty RFC 7230 token); got null',
  ],
  [
    'subprotocolPrefix: empty',
    { subprotocolPrefix: '' },
    'subprotocolPrefix must be a non-empty string of subprotocol token characters (RFC 7230 tchar); got ""',
  ],
  [
    'subprotocolPrefix: a comma',
    { subprotocolPrefix: 'a,b.' },
    'subprotocolPrefix must be a non-empty string of subprotocol token characters (RFC 7230 tchar); got "a,b."',
  ],
  [
    'query: a string',
    { query: 'strict' },
    'query must be an object of query-params QueryOptions; got "strict"',
  ],
  ['query: an array', { query: [] }, 'query must be an object of query-params QueryOptions; got an array'],
  [
    'remoteAddress: a number',
    { remoteAddress: 3232235777 },
    "remoteAddress must be the client's IP address as a string, or undefined; got 3232235777",
  ],
  [
    'remotePort: out of range',
    { remotePort: 65536 },
    'remotePort must be an integer from 0 to 65535, or undefined; got 65536',
  ],
  [
    'remotePort: a string',
    { remotePort: '443' },
    'remotePort must be an integer from 0 to 65535, or undefined; got "443"',
  ],
  [
    'generateId: a string',
    { generateId: 'uuid' },
    'generateId must be a function returning a non-empty string; got "uuid"',
  ],
  [
    'redact: an array',
    { redact: ['authorization'] },
    'redact must be an object { headers?: string[], queryParams?: string[] }; got an array',
  ],
  [
    'redact.headers: a string',
    { redact: { headers: 'x-api-key' } },
    'redact.headers must be an array of header names; got "x-api-key"',
  ],
  [
    'redact.headers: not a header name',
    { redact: { headers: ['x-api-key', 'x api key'] } },
    'redact.headers[1] must be a header name (an RFC 7230 token); got "x api key"',
  ],
  [
    'redact.queryParams: an empty name',
    { redact: { queryParams: [''] } },
    'redact.queryParams[0] must be a non-empty string; got ""',
  ],
  [
    'forwardedHeader: auto',
    { forwardedHeader: 'auto' },
    "forwardedHeader must be 'x-forwarded-for' (the default: X-Forwarded-For with X-Forwarded-Proto) or 'forwarded' (RFC 7239 Forwarded); got \"auto\". 'auto' was removed: it let a header the client sent, which your proxy passed through, decide the client's address and scheme; name the one header your proxy writes",
  ],
];

describe('INVALID_OPTION: context options', () => {
  test.each(contextRows)('%s', (_name, options, message) => {
    const build = () => buildConnectionContext(fakeRequest(), options as ContextOptions);
    expect(build).toThrow(
      expect.objectContaining({
        name: 'ConnectionContextError',
        code: 'INVALID_OPTION',
        status: 500,
        message,
      }),
    );
    // withConnectionContext checks the same options once, when the server is set up.
    if (options !== null && typeof options === 'object' && !Array.isArray(options)) {
      expect(() => withConnectionContext({}, options as AttachOptions)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION', message }),
      );
    }
  });

  test('query: options query-params refuses are refused once, with its error as the cause', () => {
    const checked = tryParseQuery('', { maxParams: -1 });
    if (checked.ok) throw new Error('query-params accepted maxParams: -1');
    const build = () => buildConnectionContext(fakeRequest(), { query: { maxParams: -1 } });
    expect(build).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        status: 500,
        message: `query must be valid query-params QueryOptions (maxParams, maxLength, onLimit, decoding): ${checked.error.message}`,
      }),
    );
    try {
      build();
    } catch (error) {
      expect((error as Error).cause).toMatchObject({ name: 'QueryParamsError' });
    }
  });

  test.each([
    [42, 'the result of generateId() must be a non-empty string; got 42'],
    ['', 'the result of generateId() must be a non-empty string; got ""'],
    [undefined, 'the result of generateId() must be a non-empty string; got undefined'],
  ])('generateId returning %j', (id, message) => {
    const generateId = (() => id) as unknown as () => string;
    expect(() => buildConnectionContext(fakeRequest(), { generateId })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', status: 500, message }),
    );
  });

  test('remoteAddress and remotePort are checked on every call with a Request', () => {
    const options: ContextOptions = { remoteAddress: '192.0.2.1' };
    expect(buildConnectionContext(new Request('http://h.example/'), options).client.address).toBe(
      '192.0.2.1',
    );
    (options as { remotePort: unknown }).remotePort = -1;
    expect(() => buildConnectionContext(new Request('http://h.example/'), options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: 'remotePort must be an integer from 0 to 65535, or undefined; got -1',
      }),
    );
  });

  test.each([
    [
      'every option at its documented form',
      {
        trustProxy: ['loopback'],
        forwardedHeader: 'forwarded',
        tokenSources: ['cookie', 'query'],
        tokenQueryParam: 'jwt',
        tokenCookie: 'sid',
        subprotocolPrefix: 'token.',
        query: { maxParams: 10, decoding: 'strict' },
        remoteAddress: '192.0.2.1',
        remotePort: 0,
        generateId: () => 'id',
        redact: { headers: ['X-Api-Key'], queryParams: ['sig'] },
      },
    ],
    ['an empty tokenSources list (no tokens at all)', { tokenSources: [] }],
    ['undefined values are defaults', { tokenSources: undefined, query: undefined, redact: {} }],
  ] as [string, ContextOptions][])('accepted: %s', (_name, options) => {
    expect(() => buildConnectionContext(fakeRequest(), options)).not.toThrow();
  });
});

describe('INVALID_OPTION: withConnectionContext options', () => {
  test.each([
    [
      'serverOptions: null',
      null,
      {},
      'serverOptions must be the ws server options object, e.g. { port: 8080 }; got null',
    ],
    [
      'protocols: a string',
      {},
      { protocols: 'chat' },
      'protocols must be an array of subprotocol names; got "chat"',
    ],
    [
      'protocols: not a token',
      {},
      { protocols: ['chat', 'chat v2'] },
      'protocols[1] must be a subprotocol name (a non-empty RFC 7230 token); got "chat v2"',
    ],
    [
      'allowOrigins: a string other than *',
      {},
      { allowOrigins: 'https://app.example' },
      'allowOrigins must be \'*\' or an array of origin strings and RegExps; got "https://app.example"',
    ],
    [
      'allowOrigins: a number entry',
      {},
      { allowOrigins: ['https://app.example', 1] },
      "allowOrigins[1] must be an origin string (e.g. 'https://app.example.com') or a RegExp; got 1",
    ],
    [
      'authenticate: a boolean',
      {},
      { authenticate: true },
      'authenticate must be a function (context) => boolean | Promise<boolean>; got true',
    ],
    ['requireAuth: a string', {}, { requireAuth: 'yes' }, 'requireAuth must be a boolean; got "yes"'],
    [
      'onReject: an object',
      {},
      { onReject: {} },
      'onReject must be a function (error, request) => void; got an object',
    ],
  ] as [string, unknown, unknown, string][])('%s', (_name, serverOptions, options, message) => {
    expect(() => withConnectionContext(serverOptions as object, options as AttachOptions)).toThrow(
      expect.objectContaining({
        name: 'ConnectionContextError',
        code: 'INVALID_OPTION',
        status: 500,
        message,
      }),
    );
  });

  test.each([
    [
      'supported: a string',
      'chat',
      undefined,
      'supported must be an array of the subprotocol names the server speaks; got "chat"',
    ],
    [
      'subprotocolPrefix: a space',
      ['chat'],
      { subprotocolPrefix: 'my token.' },
      'subprotocolPrefix must be a non-empty string of subprotocol token characters (RFC 7230 tchar); got "my token."',
    ],
  ] as [string, unknown, unknown, string][])('selectSubprotocol %s', (_name, supported, options, message) => {
    expect(() =>
      selectSubprotocol(['chat'], supported as string[], options as SelectSubprotocolOptions),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', status: 500, message }));
  });

  test('trustProxy keeps INVALID_TRUST_PROXY (500), from both entry points', () => {
    const options = { trustProxy: ['10.0.0.0/33'] };
    const expected = expect.objectContaining({ code: 'INVALID_TRUST_PROXY', status: 500 });
    expect(() => withConnectionContext({}, options)).toThrow(expected);
    expect(() => buildConnectionContext(fakeRequest(), options)).toThrow(expected);
  });
});

describe('options are read once, when first used; a new object changes them', () => {
  const proxied = () =>
    fakeRequest({ remoteAddress: '10.0.0.1', headers: [['X-Forwarded-For', '203.0.113.7']] });

  test('reassigning trustProxy on a used object has no effect; a new object does', () => {
    const options: { trustProxy: NonNullable<ContextOptions['trustProxy']> } = { trustProxy: ['10.0.0.0/8'] };
    expect(buildConnectionContext(proxied(), options).client.address).toBe('203.0.113.7');
    options.trustProxy = false;
    expect(buildConnectionContext(proxied(), options).client.address).toBe('203.0.113.7');
    expect(buildConnectionContext(proxied(), { ...options }).client.address).toBe('10.0.0.1');
  });

  test('a trustProxy list changed in place: the used object keeps its copy, a new object sees the change', () => {
    const proxies = ['192.0.2.0/24'];
    const first = { trustProxy: proxies };
    expect(buildConnectionContext(proxied(), first).client.address).toBe('10.0.0.1');
    proxies.push('10.0.0.0/8');
    expect(buildConnectionContext(proxied(), first).client.address).toBe('10.0.0.1');
    // Same list, new options object (the per-request { ...shared, remoteAddress } pattern).
    expect(buildConnectionContext(proxied(), { trustProxy: proxies }).client.address).toBe('203.0.113.7');
    proxies.pop();
    expect(buildConnectionContext(proxied(), { trustProxy: proxies }).client.address).toBe('10.0.0.1');
  });

  test('a tokenSources list changed in place has no effect (and cannot half-apply)', () => {
    const sources: ('header' | 'query')[] = ['header'];
    const options = { tokenSources: sources };
    const request = () => fakeRequest({ url: '/?access_token=q1' });
    expect(buildConnectionContext(request(), options).auth).toBeNull();
    sources.push('query');
    expect(buildConnectionContext(request(), options).auth).toBeNull();
    expect(buildConnectionContext(request(), { tokenSources: sources }).auth).toEqual({
      scheme: 'Bearer',
      token: 'q1',
      source: 'query',
    });
  });

  test('redact lists and query options changed in place have no effect', () => {
    const headers = ['x-one'];
    const query = { maxParams: 5 };
    const options = { redact: { headers }, query };
    const request = () => fakeRequest({ url: '/?a=1&b=2', headers: [['X-Two', 'secret']] });
    buildConnectionContext(request(), options);
    headers.push('x-two');
    query.maxParams = 1;
    const context = buildConnectionContext(request(), options);
    expect((context.toJSON() as { headers: Record<string, string> }).headers['x-two']).toBe('secret');
    expect(context.query.size).toBe(2);
  });

  test('withConnectionContext copies protocols and allowOrigins when called', async () => {
    const protocols = ['chat'];
    const allowOrigins = ['https://app.example'];
    const hooks = withConnectionContext({}, { protocols, allowOrigins });
    protocols.unshift('superchat');
    allowOrigins.push('https://evil.example');
    expect(hooks.handleProtocols(new Set(['superchat', 'chat']), fakeRequest())).toBe('chat');
    const verdict = await new Promise<boolean>((resolve) =>
      hooks.verifyClient(
        {
          origin: undefined,
          secure: false,
          req: fakeRequest({ headers: [['Origin', 'https://evil.example']] }),
        },
        (result) => resolve(result),
      ),
    );
    expect(verdict).toBe(false);
  });
});
