import { bearerSubprotocol } from '@ws-compat/header-options';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type EagerOutcome, eagerOutcome } from './_test/eager-semantics.js';
import { fakeRequest } from './_test/fake-request.js';
import { dottedQuadValue, parseAddress } from './address.js';
import type { TokenSource } from './auth.js';
import { buildConnectionContext } from './context.js';
import { ConnectionContextError } from './errors.js';
import { compileTrustProxy } from './trust-proxy.js';

const PREFIX = bearerSubprotocol.prefix;

// Tokens of every kind: RFC 6750 b64tokens, and strings only the subprotocol can carry (spaces,
// non-ASCII, astral characters).
const token = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~+/'.split('')), minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...Array.from('ab=-. ö€𝄞,')), minLength: 1, maxLength: 8 }),
);

// Subprotocol payloads: valid encodings, and near misses (a character changed or cut, padding, bad
// UTF-8 bytes, the prefix in another case or with a Kelvin sign for its k).
const tokenProtocol = fc.oneof(
  token.map((value) => bearerSubprotocol.encode(value)),
  fc.tuple(token, fc.nat(40), fc.constantFrom('', '=', 'A', '_', '*', 'é')).map(([value, at, insert]) => {
    const encoded = bearerSubprotocol.encode(value);
    const index = PREFIX.length + (at % (encoded.length - PREFIX.length));
    return encoded.slice(0, index) + insert + encoded.slice(index + 1);
  }),
  fc
    .uint8Array({ minLength: 1, maxLength: 6 })
    .map((bytes) => PREFIX + Buffer.from(bytes).toString('base64url')),
  token.map((value) => bearerSubprotocol.encode(value).replace('base64url', 'BASE64URL')),
  token.map((value) => bearerSubprotocol.encode(value).replace('k8s', '\u212a8s')),
  fc.constant(PREFIX),
);

const protocolLine = fc
  .array(fc.oneof(fc.constantFrom('chat', 'json', '', ' ', '\t'), tokenProtocol), {
    minLength: 1,
    maxLength: 3,
  })
  .map((entries) => entries.join(fc.sample(fc.constantFrom(',', ', ', ' ,\t'), 1)[0] as string));

const authorizationLine = fc.oneof(
  token.map((value) => `Bearer ${value}`),
  token.map((value) => `bEaReR  ${value}`),
  fc.constantFrom(
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'Bearer ',
    'Digest a=1',
    'Bearer a b',
    'Bearer a, Bearer b',
  ),
);

const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom('127.0.0.1', '10.1.2.3', '::1', '203.0.113.7', 'unknown', 'UNKNOWN'),
  fc.constantFrom('010.0.0.1', '256.1.1.1', '1.2.3', '1.2.3.4:8080', '[::1]:443', 'garbage', '_hidden', ''),
);

const xForwardedForLine = fc
  .array(address, { minLength: 1, maxLength: 4 })
  .chain((entries) => fc.constantFrom(',', ', ', ' ,\t').map((separator) => entries.join(separator)));

const lines = fc
  .record({
    authorization: fc.option(authorizationLine, { nil: undefined }),
    protocols: fc.array(protocolLine, { maxLength: 2 }),
    forwardedFor: fc.array(xForwardedForLine, { maxLength: 2 }),
    proto: fc.option(fc.constantFrom('https', 'http', 'wss', 'http, https', ' HTTPS '), { nil: undefined }),
  })
  .chain(({ authorization, protocols, forwardedFor, proto }) => {
    const list: [string, string][] = [['Host', 'example.test']];
    if (authorization !== undefined) list.push(['Authorization', authorization]);
    for (const line of protocols) list.push(['Sec-WebSocket-Protocol', line]);
    for (const line of forwardedFor) list.push(['X-Forwarded-For', line]);
    if (proto !== undefined) list.push(['X-Forwarded-Proto', proto]);
    return fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length });
  });

const scenario = fc.record({
  headers: lines,
  peer: fc.constantFrom('127.0.0.1', '::1', '::ffff:127.0.0.1', '::FFFF:10.0.0.2', '10.0.0.1', '203.0.113.9'),
  trustProxy: fc.constantFrom(
    ['loopback'],
    ['10.0.0.0/8', 'loopback'],
    ['127.0.0.1', '::1', '203.0.113.0/24'],
    ['0.0.0.0/0'],
  ),
  sources: fc.constantFrom<TokenSource[]>(
    ['header', 'subprotocol'],
    ['subprotocol', 'header'],
    ['header'],
    ['subprotocol'],
    ['header', 'header'],
  ),
});

function lazyOutcome(
  headers: readonly (readonly [string, string])[],
  peer: string,
  trustProxy: readonly string[],
  sources: readonly TokenSource[],
): EagerOutcome {
  let context: ReturnType<typeof buildConnectionContext>;
  try {
    context = buildConnectionContext(fakeRequest({ headers, remoteAddress: peer, remotePort: 40000 }), {
      trustProxy,
      tokenSources: sources,
    });
  } catch (error) {
    if (!(error instanceof ConnectionContextError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
  const { auth, authorization, client, secure } = context;
  return {
    auth: auth === null ? null : { ...auth },
    authorization: authorization === null ? null : { ...authorization },
    client: { ...client, forwardedFor: [...client.forwardedFor] },
    secure,
  };
}

describe('the lazy build decides what the eager build decided (property)', () => {
  test('same error (code and message) or same token, authorization, client and secure', () => {
    fc.assert(
      fc.property(scenario, ({ headers, peer, trustProxy, sources }) => {
        const request = { headers, peer, peerPort: 40000 };
        expect(lazyOutcome(headers, peer, trustProxy, sources)).toEqual(
          eagerOutcome(request, trustProxy, sources),
        );
      }),
      { numRuns: 3000 },
    );
  });

  test.each<[string, [string, string][], TokenSource[], string]>([
    [
      'a valid token subprotocol, then a malformed one',
      [['Sec-WebSocket-Protocol', `chat, ${bearerSubprotocol.encode('a')}, ${PREFIX}*`]],
      ['subprotocol'],
      'INVALID_TOKEN',
    ],
    [
      'two different token subprotocols',
      [['Sec-WebSocket-Protocol', `${bearerSubprotocol.encode('a')}, ${bearerSubprotocol.encode('b')}`]],
      ['subprotocol'],
      'INVALID_TOKEN',
    ],
    [
      'a header token and a different subprotocol token',
      [
        ['Authorization', 'Bearer a'],
        ['Sec-WebSocket-Protocol', bearerSubprotocol.encode('b')],
      ],
      ['header', 'subprotocol'],
      'INVALID_TOKEN',
    ],
    [
      'a trusted proxy passing garbage on',
      [['X-Forwarded-For', 'garbage, 127.0.0.1']],
      ['header'],
      'INVALID_FORWARDED',
    ],
  ])('%s still throws during the build', (_name, headers, sources, code) => {
    const request = fakeRequest({ headers, remoteAddress: '127.0.0.1' });
    expect(() =>
      buildConnectionContext(request, { trustProxy: ['loopback'], tokenSources: sources }),
    ).toThrow(expect.objectContaining({ code }));
    expect(eagerOutcome({ headers, peer: '127.0.0.1', peerPort: 1 }, ['loopback'], sources)).toMatchObject({
      error: { code },
    });
  });
});

describe('the checks the build makes in place', () => {
  test('a trustProxy list decides an IPv4 value as it decides the parsed address (property)', () => {
    const ranges = fc.array(
      fc.oneof(
        fc.ipV4(),
        fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
        fc.constantFrom('loopback', 'uniquelocal', '::ffff:10.0.0.0/104', 'fd00::/8'),
      ),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(ranges, fc.ipV4(), (list, ip) => {
        const trust = compileTrustProxy(list);
        if (trust === null) return;
        const parsed = parseAddress(ip);
        if (parsed === null) return;
        const ipv4 = trust.ipv4 as (value: number) => boolean;
        expect(ipv4(dottedQuadValue(ip, 0, ip.length))).toBe(trust(parsed, 0));
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['1.2.3.4', 0x01020304],
    ['255.255.255.255', 0xffffffff],
    ['0.0.0.0', 0],
    ['01.2.3.4', -1],
    ['1.2.3', -1],
    ['1.2.3.4.5', -1],
    ['256.1.1.1', -1],
    ['1..2.3', -1],
    ['', -1],
  ])('dottedQuadValue(%j) is %d', (text, value) => {
    expect(dottedQuadValue(`[${text}]`, 1, text.length + 1)).toBe(value);
  });
});
