import { bearerSubprotocol, isBearerToken } from '@ws-compat/header-options';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { parseAuthorization } from './auth.js';
import { buildConnectionContext } from './context.js';
import type { ContextOptions } from './options.js';

const ALL: ContextOptions = { tokenSources: ['header', 'subprotocol', 'query', 'cookie'] };
const encoded = (token: string) => bearerSubprotocol.encode(token);

describe('parseAuthorization', () => {
  const bearer = (token: string) => ({ kind: 'bearer', token });
  const other = (scheme: string, credentials: string) => ({
    kind: 'other',
    authorization: { scheme, credentials },
  });
  test.each([
    ['Bearer abc', bearer('abc')],
    ['bearer abc', bearer('abc')],
    ['BEARER abc', bearer('abc')],
    ['bEaReR abc', bearer('abc')],
    ['Bearer   abc', bearer('abc')],
    ['Bearer a-b.c_d~e+f/g==', bearer('a-b.c_d~e+f/g==')],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')],
    ['Basic dXNlcjpwYXNz', other('Basic', 'dXNlcjpwYXNz')],
    ['basic dXNlcjpwYXNz', other('basic', 'dXNlcjpwYXNz')],
    ['Digest username="u", realm="r"', other('Digest', 'username="u", realm="r"')],
    ['Foo x', other('Foo', 'x')],
    ['Bearers abc', other('Bearers', 'abc')],
    ['Bearer_ abc', other('Bearer_', 'abc')],
  ])('%j', (value, expected) => {
    const parsed = parseAuthorization(value);
    expect(parsed).toEqual(expected);
    if (parsed.kind === 'other') expect(Object.isFrozen(parsed.authorization)).toBe(true);
  });

  test('a Bearer credential is accepted exactly when header-options isBearerToken accepts it (one rule)', () => {
    const character = fc.constantFrom(...'abcXYZ019-._~+/=!#$%&*^`|, "\\\tö'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: character, minLength: 1, maxLength: 12 }), (token) => {
        fc.pre(token.charCodeAt(0) !== 32);
        let accepted: boolean;
        try {
          accepted = parseAuthorization(`Bearer ${token}`).kind === 'bearer';
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(isBearerToken(token));
      }),
      { numRuns: 2000 },
    );
  });

  const MALFORMED =
    'Malformed Authorization header: expected "<scheme> <credentials>", e.g. "Bearer <token>" with an RFC 6750 token (letters, digits, -._~+/ and trailing =)';
  test.each([
    [''],
    ['Bearer'],
    ['Bearer '],
    ['abc'],
    [' Bearer abc'],
    ['Bearer a b'],
    ['Bearer a=b'],
    ['Bearer ='],
    ['Bearer tök'],
    ['Bearer\tabc'],
  ])('%j is INVALID_TOKEN (401)', (value) => {
    expect(() => parseAuthorization(value)).toThrow(
      expect.objectContaining({ code: 'INVALID_TOKEN', status: 401, message: MALFORMED }),
    );
  });
});

describe('authorization: other Authorization schemes are never tokens', () => {
  const basic = { scheme: 'Basic', credentials: 'dXNlcjpwYXNz' };
  test.each([
    {
      name: 'Basic alone: no token, the credentials in authorization',
      headers: [['Authorization', 'Basic dXNlcjpwYXNz']],
      options: {},
      auth: null,
      authorization: basic,
    },
    {
      name: 'Basic (replayed by a browser) plus a bearer subprotocol: no conflict',
      headers: [
        ['Authorization', 'Basic dXNlcjpwYXNz'],
        ['Sec-WebSocket-Protocol', `chat, ${encoded('s1')}`],
      ],
      options: {},
      auth: { scheme: 'Bearer', token: 's1', source: 'subprotocol' },
      authorization: basic,
    },
    {
      name: 'Basic plus a query token: no conflict',
      headers: [['Authorization', 'Basic dXNlcjpwYXNz']],
      url: '/?access_token=q1',
      options: { tokenSources: ['header', 'query'] },
      auth: { scheme: 'Bearer', token: 'q1', source: 'query' },
      authorization: basic,
    },
    {
      name: 'an unknown scheme is kept as sent',
      headers: [['Authorization', 'Foo x']],
      options: {},
      auth: null,
      authorization: { scheme: 'Foo', credentials: 'x' },
    },
    {
      name: 'a bearer header is auth, not authorization',
      headers: [['Authorization', 'bearer h1']],
      options: {},
      auth: { scheme: 'Bearer', token: 'h1', source: 'header' },
      authorization: null,
    },
    {
      name: "the Authorization header is not read when 'header' is not a token source",
      headers: [['Authorization', 'Basic dXNlcjpwYXNz']],
      options: { tokenSources: ['subprotocol'] },
      auth: null,
      authorization: null,
    },
  ] as {
    name: string;
    headers: [string, string][];
    url?: string;
    options: ContextOptions;
    auth: object | null;
    authorization: object | null;
  }[])('$name', ({ headers, url, options, auth, authorization }) => {
    const context = buildConnectionContext(fakeRequest({ headers, url: url ?? '/' }), options);
    expect(context.auth).toEqual(auth);
    expect(context.authorization).toEqual(authorization);
    if (context.authorization !== null) expect(Object.isFrozen(context.authorization)).toBe(true);
  });

  test('a malformed bearer is still INVALID_TOKEN (401), whatever else is sent', () => {
    const request = fakeRequest({
      headers: [
        ['Authorization', 'Bearer a=b'],
        ['Sec-WebSocket-Protocol', encoded('s1')],
      ],
    });
    expect(() => buildConnectionContext(request)).toThrow(
      expect.objectContaining({ code: 'INVALID_TOKEN', status: 401 }),
    );
  });
});

describe('auth from tokenSources', () => {
  test.each([
    {
      name: 'header',
      request: { headers: [['Authorization', 'Bearer h1']] },
      options: {},
      expected: { scheme: 'Bearer', token: 'h1', source: 'header' },
    },
    {
      name: 'subprotocol',
      request: { headers: [['Sec-WebSocket-Protocol', `chat, ${encoded('s1')}`]] },
      options: {},
      expected: { scheme: 'Bearer', token: 's1', source: 'subprotocol' },
    },
    {
      name: 'subprotocol with a custom prefix',
      request: { headers: [['Sec-WebSocket-Protocol', `chat, ${bearerSubprotocol.encode('s2', 'token.')}`]] },
      options: { subprotocolPrefix: 'token.' },
      expected: { scheme: 'Bearer', token: 's2', source: 'subprotocol' },
    },
    {
      name: 'query (when listed)',
      request: { url: '/?access_token=q1' },
      options: { tokenSources: ['query'] },
      expected: { scheme: 'Bearer', token: 'q1', source: 'query' },
    },
    {
      name: 'query with a custom parameter',
      request: { url: '/?jwt=q2&access_token=other' },
      options: { tokenSources: ['query'], tokenQueryParam: 'jwt' },
      expected: { scheme: 'Bearer', token: 'q2', source: 'query' },
    },
    {
      name: 'cookie (when listed)',
      request: { headers: [['Cookie', 'theme=dark; access_token=c1']] },
      options: { tokenSources: ['cookie'] },
      expected: { scheme: 'Bearer', token: 'c1', source: 'cookie' },
    },
    {
      name: 'cookie with a custom name',
      request: { headers: [['Cookie', 'sid=c2']] },
      options: { tokenSources: ['cookie'], tokenCookie: 'sid' },
      expected: { scheme: 'Bearer', token: 'c2', source: 'cookie' },
    },
    {
      name: 'query is not a default source',
      request: { url: '/?access_token=q1' },
      options: {},
      expected: null,
    },
    {
      name: 'cookie is not a default source',
      request: { headers: [['Cookie', 'access_token=c1']] },
      options: {},
      expected: null,
    },
    {
      name: 'the same token in two sources: the first listed is the source',
      request: { url: '/?access_token=same', headers: [['Authorization', 'Bearer same']] },
      options: { tokenSources: ['query', 'header'] },
      expected: { scheme: 'Bearer', token: 'same', source: 'query' },
    },
    {
      name: 'a subprotocol token ignored as a source is still removed from subprotocols',
      request: { headers: [['Sec-WebSocket-Protocol', `${encoded('s1')}, chat`]] },
      options: { tokenSources: ['header'] },
      expected: null,
    },
    {
      name: 'no token at all',
      request: {},
      options: ALL,
      expected: null,
    },
  ] as {
    name: string;
    request: { url?: string; headers?: [string, string][] };
    options: ContextOptions;
    expected: object | null;
  }[])('$name', ({ request, options, expected }) => {
    const context = buildConnectionContext(fakeRequest(request), options);
    expect(context.auth).toEqual(expected);
    if (context.auth !== null) expect(Object.isFrozen(context.auth)).toBe(true);
    expect(context.subprotocols.every((protocol) => !bearerSubprotocol.is(protocol))).toBe(true);
  });

  const conflict = (where: string) =>
    `Conflicting tokens: ${where} different tokens; send one token, in one place, so there is no doubt which one is checked`;
  test.each([
    {
      name: 'header and subprotocol differ',
      request: {
        headers: [
          ['Authorization', 'Bearer a'],
          ['Sec-WebSocket-Protocol', encoded('b')],
        ],
      },
      options: {},
      message: conflict('the header and the subprotocol carry'),
    },
    {
      name: 'header and query differ',
      request: { url: '/?access_token=b', headers: [['Authorization', 'Bearer a']] },
      options: ALL,
      message: conflict('the header and the query carry'),
    },
    {
      name: 'query and cookie differ',
      request: { url: '/?access_token=a', headers: [['Cookie', 'access_token=b']] },
      options: { tokenSources: ['query', 'cookie'] },
      message: conflict('the query and the cookie carry'),
    },
    {
      name: 'two token subprotocols differ',
      request: { headers: [['Sec-WebSocket-Protocol', `${encoded('a')}, ${encoded('b')}`]] },
      options: {},
      message: conflict('the subprotocol carries two'),
    },
    {
      name: 'two query values differ',
      request: { url: '/?access_token=a&access_token=b' },
      options: ALL,
      message: conflict('the query carries two'),
    },
    {
      name: 'malformed token subprotocol',
      request: { headers: [['Sec-WebSocket-Protocol', 'base64url.bearer.authorization.k8s.io.!!!']] },
      options: {},
      message:
        'Malformed bearer subprotocol: it starts with "base64url.bearer.authorization.k8s.io." but the rest is not a non-empty, unpadded base64url UTF-8 token; encode it with bearerSubprotocol.encode(token)',
    },
    {
      name: 'empty token subprotocol',
      request: { headers: [['Sec-WebSocket-Protocol', 'base64url.bearer.authorization.k8s.io.']] },
      options: {},
      message:
        'Malformed bearer subprotocol: it starts with "base64url.bearer.authorization.k8s.io." but the rest is not a non-empty, unpadded base64url UTF-8 token; encode it with bearerSubprotocol.encode(token)',
    },
    {
      name: 'empty query token',
      request: { url: '/?access_token=' },
      options: ALL,
      message: 'Empty token in the query parameter "access_token"; send the token or leave the parameter out',
    },
    {
      name: 'empty cookie token',
      request: { headers: [['Cookie', 'access_token=']] },
      options: ALL,
      message: 'Empty token in the cookie "access_token"; send the token or leave the cookie out',
    },
    {
      name: 'malformed Authorization',
      request: { headers: [['Authorization', 'Bearer']] },
      options: {},
      message:
        'Malformed Authorization header: expected "<scheme> <credentials>", e.g. "Bearer <token>" with an RFC 6750 token (letters, digits, -._~+/ and trailing =)',
    },
  ] as {
    name: string;
    request: { url?: string; headers?: [string, string][] };
    options: ContextOptions;
    message: string;
  }[])('$name: INVALID_TOKEN (401)', ({ request, options, message }) => {
    expect(() => buildConnectionContext(fakeRequest(request), options)).toThrow(
      expect.objectContaining({ code: 'INVALID_TOKEN', status: 401, message }),
    );
  });

  test('an error message never contains the token', () => {
    try {
      buildConnectionContext(
        fakeRequest({
          headers: [
            ['Authorization', 'Bearer secret-one'],
            ['Sec-WebSocket-Protocol', encoded('secret-two')],
          ],
        }),
      );
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toMatch(/secret/);
    }
  });

  test('an unknown token source is INVALID_OPTION (500)', () => {
    expect(() =>
      buildConnectionContext(fakeRequest(), { tokenSources: ['header', 'body' as 'header'] }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        status: 500,
        message: `tokenSources[1] must be one of 'header', 'subprotocol', 'query', 'cookie'; got "body"`,
      }),
    );
  });
});
