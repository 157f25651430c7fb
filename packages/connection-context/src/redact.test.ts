import { inspect } from 'node:util';
import { bearerSubprotocol } from '@ws-compat/header-options';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { buildConnectionContext } from './context.js';
import { redactUrl } from './redact.js';

describe('toJSON', () => {
  test('a whole context, redacted', () => {
    const context = buildConnectionContext(
      fakeRequest({
        url: '/chat?room=1&access_token=abc&token=def&sig=ghi',
        headers: [
          ['Host', 'example.com'],
          ['Authorization', 'Bearer abc'],
          ['Proxy-Authorization', 'Basic cHJveHk='],
          ['Cookie', 'session=s1; theme=dark'],
          ['X-Api-Key', 'k3y'],
          ['Sec-WebSocket-Protocol', `chat, ${bearerSubprotocol.encode('abc')}`],
        ],
        remoteAddress: '192.0.2.1',
        remotePort: 1234,
      }),
      { generateId: () => 'id-1', redact: { headers: ['X-API-KEY'], queryParams: ['sig'] } },
    );
    expect(JSON.parse(JSON.stringify(context))).toEqual({
      id: 'id-1',
      receivedAt: context.receivedAt,
      url: '/chat?room=1&access_token=[redacted]&token=[redacted]&sig=[redacted]',
      path: '/chat',
      query: { room: '1', access_token: '[redacted]', token: '[redacted]', sig: '[redacted]' },
      headers: {
        host: 'example.com',
        authorization: '[redacted]',
        'proxy-authorization': '[redacted]',
        cookie: '[redacted]',
        'x-api-key': '[redacted]',
        'sec-websocket-protocol': 'chat, [redacted]',
      },
      origin: null,
      host: 'example.com',
      userAgent: null,
      subprotocols: ['chat'],
      auth: { scheme: 'Bearer', source: 'header', token: '[redacted]' },
      authorization: null,
      cookies: ['session', 'theme'],
      client: { address: '192.0.2.1', port: 1234, family: 'IPv4', forwardedFor: [], viaProxy: false },
      secure: false,
    });
    expect(inspect(context)).not.toContain('abc');
  });

  test('authorization credentials (Basic...) are redacted, the scheme is kept', () => {
    const context = buildConnectionContext(
      fakeRequest({ headers: [['Authorization', 'Basic dXNlcjpwYXNz']] }),
    );
    const json = context.toJSON() as { authorization: unknown; headers: Record<string, string> };
    expect(json.authorization).toEqual({ scheme: 'Basic', credentials: '[redacted]' });
    expect(Object.isFrozen(json.authorization)).toBe(true);
    expect(json.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(context)).not.toContain('dXNlcjpwYXNz');
    expect(inspect(context, { depth: 10 })).not.toContain('dXNlcjpwYXNz');
  });

  test.each([
    ['/p', '/p'],
    ['/p?a=1', '/p?a=1'],
    ['/p?access_token=x', '/p?access_token=[redacted]'],
    ['/p?access_token', '/p?access_token=[redacted]'],
    ['/p?a=1&access%5Ftoken=x&b=2', '/p?a=1&access%5Ftoken=[redacted]&b=2'],
    ['/p?access_token=x&access_token=y', '/p?access_token=[redacted]&access_token=[redacted]'],
    ['/p?token=x#frag', '/p?token=[redacted]#frag'],
    ['/p?tok+en=x', '/p?tok+en=x'],
  ])('redactUrl(%j) is %j', (url, expected) => {
    expect(redactUrl(url, new Set(['access_token', 'token']))).toBe(expected);
  });

  test('a token parameter dropped by a truncated query is still hidden in url', () => {
    const context = buildConnectionContext(fakeRequest({ url: '/?a=1&b=2&access_token=s3cr3t' }), {
      query: { maxParams: 2, onLimit: 'truncate' },
    });
    expect(context.query.has('access_token')).toBe(false);
    expect(JSON.stringify(context)).not.toContain('s3cr3t');
    expect((context.toJSON() as { url: string }).url).toBe('/?a=1&b=2&access_token=[redacted]');
  });

  test('a repeated redacted query parameter', () => {
    const context = buildConnectionContext(fakeRequest({ url: '/?token=a&token=b&x=1&x=2' }));
    expect((context.toJSON() as { query: object }).query).toEqual({
      token: ['[redacted]', '[redacted]'],
      x: ['1', '2'],
    });
  });
});

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/'.split('');
const tokenArbitrary = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 12, maxLength: 48 })
  .map((chars) => chars.join(''));
const headerArbitrary = fc.tuple(
  fc.stringMatching(/^x-[a-z0-9-]{1,12}$/),
  fc.string({
    unit: fc.constantFrom(...' !#$%&()*+,-./0123456789:;<=>?@ABCXYZabcxyz[]^_`{|}~'.split('')),
    maxLength: 40,
  }),
);

describe('toJSON never contains the token (property)', () => {
  test('over generated tokens, sources and headers', () => {
    fc.assert(
      fc.property(
        tokenArbitrary,
        fc.subarray(['header', 'subprotocol', 'query', 'cookie', 'custom-header', 'custom-param'] as const, {
          minLength: 1,
        }),
        fc.array(headerArbitrary, { maxLength: 8 }),
        fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Digest'),
        (token, places, extraHeaders, scheme) => {
          fc.pre(extraHeaders.every(([, value]) => !value.includes(token)));
          const headers: [string, string][] = [...extraHeaders];
          const params = ['room=1'];
          if (places.includes('header')) headers.push(['Authorization', `${scheme} ${token}`]);
          if (places.includes('subprotocol')) {
            headers.push(['Sec-WebSocket-Protocol', `chat, ${bearerSubprotocol.encode(token)}`]);
          }
          if (places.includes('query')) params.push(`access_token=${encodeURIComponent(token)}`);
          if (places.includes('cookie')) headers.push(['Cookie', `theme=dark; access_token=${token}`]);
          if (places.includes('custom-header')) headers.push(['X-Api-Key', token]);
          if (places.includes('custom-param')) params.push(`sig=${encodeURIComponent(token)}`);
          const context = buildConnectionContext(fakeRequest({ url: `/ws?${params.join('&')}`, headers }), {
            tokenSources: ['header', 'subprotocol', 'query', 'cookie'],
            redact: { headers: ['x-api-key'], queryParams: ['sig'] },
          });
          const bearerHeader = scheme.toLowerCase() === 'bearer';
          const expectsAuth = places.some(
            (place) => !place.startsWith('custom') && (place !== 'header' || bearerHeader),
          );
          expect(context.auth?.token).toBe(expectsAuth ? token : undefined);
          const expectsAuthorization = places.includes('header') && !bearerHeader;
          expect(context.authorization?.credentials).toBe(expectsAuthorization ? token : undefined);
          const serialized = JSON.stringify(context);
          const inspected = inspect(context, { depth: 10 });
          for (const secret of [token, encodeURIComponent(token), bearerSubprotocol.encode(token)]) {
            expect(serialized).not.toContain(secret);
            expect(inspected).not.toContain(secret);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
