// @ts-check
import { handshakeExchange } from './handshake-exchange.mjs';
import {
  allowedOrigin,
  applicationProtocol,
  honestHeaderLines,
  untrustedPeerAddress,
  whoamiMessage,
} from './scenario.mjs';

/**
 * @typedef {object} HostileKind one kind of hostile handshake and exactly what the server must answer
 * @property {string} name
 * @property {string} expected what the server must do, for the table
 * @property {boolean} stalls holds its connection until the server's handshake timeout
 * @property {(port: number, index: number, handshakeTimeoutMs: number) => Promise<string | null>} run
 *   null when the server answered exactly as expected, else what was wrong
 */

/** 2,000 parameters in about 8 KB: past the 1,000-parameter limit, well under the 16 KB header limit. */
const manyParameters = '/echo?' + Array.from({ length: 2000 }, () => 'a=1').join('&');
/** Invalid percent-escapes (kept as written by WHATWG) beside a valid UTF-8 one. */
const invalidEscapes = '/echo?q=%zz&r=%E0%A4%A&s=caf%C3%A9&t=100%&u=a+b';
const forgedAddress = '203.0.113.7';

/**
 * @param {{ status: number | null; error: string | null }} result
 * @param {number} status
 */
function expectStatus(result, status) {
  if (result.status === status) return null;
  return `expected ${status}, got ${result.status ?? 'no response'}${result.error ? ` (${result.error})` : ''}`;
}

/**
 * The honest header lines with `replacements` swapped in by name, extra lines appended, `omit` removed.
 *
 * @param {number} index
 * @param {{ omit?: string[]; extra?: [string, string][] }} change
 * @returns {[string, string][]}
 */
function headersWith(index, change) {
  const omit = new Set((change.omit ?? []).map((name) => name.toLowerCase()));
  return [
    ...honestHeaderLines(index).filter(([name]) => !omit.has(name.toLowerCase())),
    ...(change.extra ?? []),
  ];
}

/**
 * A hostile kind the server must refuse with exactly `status`: the honest request with `change` applied.
 *
 * @param {string} name
 * @param {number} status
 * @param {string} target
 * @param {{ omit?: string[]; extra?: [string, string][] }} change
 * @returns {HostileKind}
 */
function refusedWith(name, status, target, change) {
  return {
    name,
    expected: String(status),
    stalls: false,
    run: async (port, index) =>
      expectStatus(
        await handshakeExchange({ port, target, headers: headersWith(index, change), timeoutMs: 10_000 }),
        status,
      ),
  };
}

/** @type {readonly HostileKind[]} */
export const hostileKinds = [
  refusedWith('oversized headers (20 KB)', 431, '/echo', { extra: [['X-Padding', 'a'.repeat(20_000)]] }),
  refusedWith('2,000 query parameters (8 KB)', 400, manyParameters, {}),
  {
    name: 'invalid percent-escapes',
    expected: '101, query decoded per WHATWG',
    stalls: false,
    run: async (port, index) => {
      const result = await handshakeExchange({
        port,
        target: invalidEscapes,
        headers: headersWith(index, {}),
        message: whoamiMessage,
        timeoutMs: 10_000,
      });
      const wrongStatus = expectStatus(result, 101);
      if (wrongStatus) return wrongStatus;
      // The reference: WHATWG URL's own searchParams, first value of each name.
      /** @type {Record<string, string>} */
      const expected = {};
      for (const [name, value] of new URL(invalidEscapes, 'http://127.0.0.1').searchParams) {
        if (!(name in expected)) expected[name] = value;
      }
      const query = JSON.parse(result.reply ?? '{}').query;
      return JSON.stringify(query) === JSON.stringify(expected)
        ? null
        : `query decoded as ${JSON.stringify(query)}, WHATWG says ${JSON.stringify(expected)}`;
    },
  },
  refusedWith('duplicated Authorization', 400, '/echo', {
    extra: [['Authorization', 'Bearer someone-else']],
  }),
  {
    name: 'duplicated Origin',
    expected: '400',
    stalls: false,
    run: async (port, index) =>
      expectStatus(
        await handshakeExchange({
          port,
          target: '/echo',
          // Node would join these into "https://evil.example.test, https://app.example.test".
          headers: [['Origin', 'https://evil.example.test'], ...headersWith(index, {})],
          timeoutMs: 10_000,
        }),
        400,
      ),
  },
  {
    name: 'forged X-Forwarded-For, untrusted peer',
    expected: `101, address ${untrustedPeerAddress} (not ${forgedAddress})`,
    stalls: false,
    run: async (port, index) => {
      const result = await handshakeExchange({
        port,
        localAddress: untrustedPeerAddress,
        target: '/echo',
        headers: headersWith(index, {
          omit: ['X-Forwarded-For'],
          extra: [['X-Forwarded-For', forgedAddress]],
        }),
        message: whoamiMessage,
        timeoutMs: 10_000,
      });
      const wrongStatus = expectStatus(result, 101);
      if (wrongStatus) return wrongStatus;
      const address = JSON.parse(result.reply ?? '{}').address;
      return address === untrustedPeerAddress ? null : `client address read as ${address}`;
    },
  },
  refusedWith('malformed bearer subprotocol', 401, '/echo', {
    omit: ['Authorization', 'Sec-WebSocket-Protocol'],
    extra: [['Sec-WebSocket-Protocol', `${applicationProtocol}, base64url.bearer.authorization.k8s.io.!!!`]],
  }),
  refusedWith('disallowed Origin', 403, '/echo', {
    omit: ['Origin'],
    extra: [['Origin', `${allowedOrigin}.evil.example`]],
  }),
  {
    name: 'half a handshake, then silence',
    expected: '408 and closed after the handshake timeout',
    stalls: true,
    run: async (port, index, handshakeTimeoutMs) => {
      const result = await handshakeExchange({
        port,
        target: '/echo',
        headers: headersWith(index, {}),
        stallAfterBytes: 90,
        timeoutMs: handshakeTimeoutMs * 3 + 5_000,
      });
      const wrongStatus = expectStatus(result, 408);
      if (wrongStatus) return wrongStatus;
      // Node checks the timeout every quarter of it: closed in [timeout, ~1.25 x timeout] plus scheduling delay.
      if (result.elapsedMs < handshakeTimeoutMs * 0.95) {
        return `closed after ${Math.round(result.elapsedMs)} ms, before the ${handshakeTimeoutMs} ms timeout`;
      }
      return null;
    },
  },
];
