import { describe, expect, test } from 'vitest';
import { FAKE_PORT, type FakeExchange, fakeCell } from '../_test/fake-cell.js';
import { BEARER_PREFIX, TOKEN } from './_fixtures.js';
import type { AttemptRequest } from './_types.js';
import { hostTarget } from './host-target.js';
import { tokenOnlyOffer } from './token-only-offer.js';
import { tokenSurvives } from './token-survives.js';

const OFFER = `${BEARER_PREFIX}${Buffer.from(TOKEN).toString('base64url')}`;
const HOST = `Host: 127.0.0.1:${FAKE_PORT}`;

/** What an honest native client and server do for each trap scenario's attempt. */
function honest(request: AttemptRequest): FakeExchange {
  const protocols = [...((request.options.protocols as string[] | undefined) ?? [])];
  if (request.options.bearer !== undefined) protocols.push(OFFER);
  const selected = protocols.includes('chat') ? 'chat' : '';
  return {
    requestHeaders: [
      HOST,
      ...(protocols.length > 0 ? [`Sec-WebSocket-Protocol: ${protocols.join(', ')}`] : []),
    ],
    response: [
      'HTTP/1.1 101 Switching Protocols',
      ...(selected ? [`Sec-WebSocket-Protocol: ${selected}`] : []),
    ],
    outcome: { protocol: selected },
    server: { offered: protocols, protocol: selected },
  };
}

type Lie = (exchange: FakeExchange, request: AttemptRequest) => FakeExchange;

describe.each([
  {
    scenario: tokenOnlyOffer,
    lies: [
      [
        'the server echoes the token (hono + @hono/node-ws)',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          response: ['HTTP/1.1 101 Switching Protocols', `Sec-WebSocket-Protocol: ${OFFER}`],
          outcome: { protocol: OFFER },
          server: { ...exchange.server, protocol: OFFER },
        }),
        'the server echoed the token subprotocol',
      ],
      [
        'the client offers an app protocol beside the token',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          requestHeaders: [HOST, `Sec-WebSocket-Protocol: chat, ${OFFER}`],
        }),
        'the client did not offer the token subprotocol alone',
      ],
      [
        'the client reports the token as its protocol',
        (exchange: FakeExchange): FakeExchange => ({ ...exchange, outcome: { protocol: OFFER } }),
        'the client reports the token subprotocol',
      ],
    ] as [string, Lie, string][],
  },
  {
    scenario: tokenSurvives,
    lies: [
      [
        'the server lowercases the offer (WebSocket-Node)',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          server: { ...exchange.server, offered: ['chat', OFFER.toLowerCase()] },
        }),
        'does not hold the token subprotocol byte for byte',
      ],
      [
        'the server sees the offer as one string (crossws)',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          server: { ...exchange.server, offered: [`chat, ${OFFER}`] },
        }),
        'the token the server app decodes from the offer',
      ],
      [
        'the client ends up without the app protocol',
        (exchange: FakeExchange): FakeExchange => ({ ...exchange, outcome: { protocol: '' } }),
        'negotiated protocol',
      ],
    ] as [string, Lie, string][],
  },
  {
    scenario: hostTarget,
    lies: [
      [
        'the server reads //evil.example as the host (hono)',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          server: { ...exchange.server, host: 'evil.example' },
        }),
        'the host the server app sees vs the Host header',
      ],
      [
        'the server drops the host from the path (urlsplit, new URL(target, base))',
        (exchange: FakeExchange, request: AttemptRequest): FakeExchange => ({
          ...exchange,
          server: { ...exchange.server, path: `/__attempt/f1${request.path.split('?')[0]}` },
        }),
        'the path the server app sees',
      ],
      [
        'the client normalizes the target',
        (exchange: FakeExchange): FakeExchange => ({
          ...exchange,
          target: '/evil.example/__attempt/f1/target?x=1',
        }),
        'the client did not send the // target',
      ],
    ] as [string, Lie, string][],
  },
])('$scenario.id', ({ scenario, lies }) => {
  test('the honest pair passes', async () => {
    expect(await scenario.run(fakeCell(honest))).toMatchObject({ ok: true });
  });

  test.each(lies)('lie caught: %s', async (_label, lie, message) => {
    const verdict = await scenario.run(fakeCell((request) => lie(honest(request), request)));
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toContain(message);
  });
});
