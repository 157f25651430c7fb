import { describe, expect, test } from 'vitest';
import type { AttemptSpec, NativeRequestView } from './child/protocol.js';
import { contextFromNative, toNativeSpec } from './native.js';
import { BEARER_PREFIX } from './scenarios/_fixtures.js';

const base: AttemptSpec = { url: 'ws://h/x', options: {}, timeoutMs: 100, exchange: true };

describe('toNativeSpec: what a user of a client outside Node writes', () => {
  test.each<{
    name: string;
    options: AttemptSpec['options'];
    headers: [string, string][];
    protocols: string[];
    origin: string | null;
  }>([
    { name: 'nothing', options: {}, headers: [], protocols: [], origin: null },
    {
      name: 'every header option name and shape becomes pairs, array values repeat',
      options: {
        headers: { shape: 'record', value: { 'X-A': ['1', '2'] } },
        extraHeaders: { shape: 'pairs', entries: [['X-B', 'b']] },
        additional_headers: { shape: 'headers', entries: [['x-c', ['c1', 'c2']]] },
      },
      headers: [
        ['X-A', '1'],
        ['X-A', '2'],
        ['X-B', 'b'],
        ['x-c', 'c1'],
        ['x-c', 'c2'],
      ],
      protocols: [],
      origin: null,
    },
    {
      name: 'bearer goes as Authorization',
      options: { protocols: 'chat', bearer: 't', origin: 'http://o' },
      headers: [['Authorization', 'Bearer t']],
      protocols: ['chat'],
      origin: 'http://o',
    },
    {
      name: 'bearer on the browser path goes as the bearer subprotocol after the app protocols',
      options: { protocols: ['chat'], bearer: 'tök', implementation: 'browser' },
      headers: [],
      protocols: ['chat', `${BEARER_PREFIX}${Buffer.from('tök').toString('base64url')}`],
      origin: null,
    },
  ])('$name', ({ options, headers, protocols, origin }) => {
    expect(toNativeSpec({ ...base, options })).toEqual({
      url: 'ws://h/x',
      headers,
      protocols,
      origin,
      timeoutMs: 100,
      exchange: true,
    });
  });
});

const view: NativeRequestView = {
  mode: 'main',
  target: '/p?a=1',
  path: '/p',
  query: [['a', '1']],
  queryError: null,
  headers: [['Host', 'h:1']],
  host: 'h:1',
  offered: ['chat'],
  protocol: 'chat',
  client: { address: '127.0.0.1', port: 9 },
};
const token = `${BEARER_PREFIX}${Buffer.from('Tok').toString('base64url')}`;

describe('contextFromNative: what an app on the server reads from its API', () => {
  test.each<{ name: string; change: Partial<NativeRequestView>; expected: Record<string, unknown> }>([
    { name: 'no token', change: {}, expected: { auth: null, subprotocols: ['chat'] } },
    {
      name: 'Authorization: Bearer',
      change: { headers: [['authorization', 'Bearer abc']] },
      expected: { auth: { scheme: 'Bearer', token: 'abc', source: 'header' } },
    },
    {
      name: 'the bearer subprotocol is decoded and removed from the app protocols',
      change: { offered: ['chat', token] },
      expected: { auth: { scheme: 'Bearer', token: 'Tok', source: 'subprotocol' }, subprotocols: ['chat'] },
    },
    {
      name: 'a lowercased bearer subprotocol decodes to another token (what WebSocket-Node gives an app)',
      change: { offered: [token.toLowerCase()] },
      expected: {
        auth: {
          scheme: 'Bearer',
          token: Buffer.from(token.slice(BEARER_PREFIX.length).toLowerCase(), 'base64url').toString(),
          source: 'subprotocol',
        },
        subprotocols: [],
      },
    },
    {
      name: 'an address from X-Forwarded-For is via a proxy',
      change: {
        headers: [['X-Forwarded-For', '10.0.0.1, 10.0.0.2']],
        client: { address: '10.0.0.2', port: null },
      },
      expected: {
        client: {
          address: '10.0.0.2',
          port: null,
          family: 'IPv4',
          forwardedFor: ['10.0.0.1', '10.0.0.2'],
          viaProxy: true,
        },
      },
    },
    {
      name: 'IPv6, no forwarding',
      change: { client: { address: '::1', port: 5 } },
      expected: { client: { address: '::1', port: 5, family: 'IPv6', forwardedFor: [], viaProxy: false } },
    },
    {
      name: 'no parsed query: empty; __proto__ read as a plain name',
      change: { query: null },
      expected: { query: [], queryProto: null },
    },
  ])('$name', ({ change, expected }) => {
    expect(contextFromNative({ ...view, ...change })).toMatchObject(expected);
  });
});
