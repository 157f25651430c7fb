import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { buildConnectionContext } from './context.js';
import { ConnectionContextError } from './errors.js';
import type { ContextOptions } from './options.js';

const PROXIES: ContextOptions = { trustProxy: ['10.0.0.0/8', 'fd00::/8'] };
const FORWARDED: ContextOptions = { ...PROXIES, forwardedHeader: 'forwarded' };
const PROXY = '10.0.0.1';
const ATTACKER = '198.51.100.66';

interface Row {
  name: string;
  peer: string;
  headers: [string, string][];
  options?: ContextOptions;
  encrypted?: boolean;
  expected:
    | {
        address: string | null;
        family?: 'IPv4' | 'IPv6' | null;
        port?: number | null;
        forwardedFor: string[];
        secure?: boolean;
      }
    | { error: 'INVALID_FORWARDED' };
}

// Every row asserts the exact address: a spoofed value must never come out.
const rows: Row[] = [
  // An untrusted peer: whatever it forges is ignored.
  {
    name: 'untrusted peer, forged X-Forwarded-For',
    peer: ATTACKER,
    headers: [['X-Forwarded-For', '1.2.3.4']],
    expected: { address: ATTACKER, forwardedFor: [] },
  },
  {
    name: 'untrusted peer, forged chain that names a trusted proxy',
    peer: ATTACKER,
    headers: [['X-Forwarded-For', '1.2.3.4, 10.0.0.9']],
    expected: { address: ATTACKER, forwardedFor: [] },
  },
  {
    name: 'untrusted peer, forged Forwarded',
    peer: ATTACKER,
    headers: [['Forwarded', 'for=1.2.3.4;proto=https']],
    expected: { address: ATTACKER, forwardedFor: [], secure: false },
  },
  {
    name: 'untrusted peer, forged X-Forwarded-Proto',
    peer: ATTACKER,
    headers: [['X-Forwarded-Proto', 'https']],
    expected: { address: ATTACKER, forwardedFor: [], secure: false },
  },
  {
    name: 'untrusted peer, garbage X-Forwarded-For is never parsed',
    peer: ATTACKER,
    headers: [['X-Forwarded-For', '"><script>']],
    expected: { address: ATTACKER, forwardedFor: [] },
  },
  {
    name: 'trustProxy off (default): a proxy-range peer is the client',
    peer: PROXY,
    headers: [['X-Forwarded-For', '203.0.113.7']],
    options: {},
    expected: { address: PROXY, port: 50000, forwardedFor: [] },
  },
  // One trusted hop.
  {
    name: 'trusted peer, one entry',
    peer: PROXY,
    headers: [['X-Forwarded-For', '203.0.113.7']],
    expected: { address: '203.0.113.7', family: 'IPv4', port: null, forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'trusted peer, client-forged entry left of the real one',
    peer: PROXY,
    headers: [['X-Forwarded-For', '1.1.1.1, 203.0.113.7']],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'trusted peer, client forged a trusted-range address on the left',
    peer: PROXY,
    headers: [['X-Forwarded-For', '10.9.9.9, 203.0.113.7']],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'trusted peer, X-Forwarded-For split over two header lines',
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '1.1.1.1'],
      ['X-Forwarded-For', '203.0.113.7'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'mapped socket address ::ffff:10.0.0.1 is trusted as 10.0.0.1',
    peer: '::ffff:10.0.0.1',
    headers: [['X-Forwarded-For', '203.0.113.7']],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'mapped forwarded entry is reported as IPv4',
    peer: PROXY,
    headers: [['X-Forwarded-For', '::ffff:203.0.113.7']],
    expected: { address: '203.0.113.7', family: 'IPv4', forwardedFor: ['203.0.113.7'] },
  },
  // Several trusted hops.
  {
    name: 'chain through two trusted proxies',
    peer: PROXY,
    headers: [['X-Forwarded-For', '203.0.113.7, 10.0.0.3, 10.0.0.2']],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '10.0.0.3', '203.0.113.7'] },
  },
  {
    name: 'chain through trusted proxies with forged entries on the left',
    peer: PROXY,
    headers: [['X-Forwarded-For', '6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.2']],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'] },
  },
  {
    name: 'every entry trusted: the leftmost is the client',
    peer: PROXY,
    headers: [['X-Forwarded-For', '10.0.0.9, 10.0.0.2']],
    expected: { address: '10.0.0.9', forwardedFor: ['10.0.0.2', '10.0.0.9'] },
  },
  {
    name: 'trust function by hop: socket and one more hop trusted',
    peer: ATTACKER,
    headers: [['X-Forwarded-For', '203.0.113.1, 203.0.113.2, 203.0.113.3']],
    options: { trustProxy: (_address, hop) => hop < 2 },
    expected: { address: '203.0.113.2', forwardedFor: ['203.0.113.3', '203.0.113.2'] },
  },
  {
    name: "named range 'loopback' trusts 127.0.0.1 and ::1",
    peer: '127.0.0.1',
    headers: [['X-Forwarded-For', '203.0.113.9, ::1']],
    options: { trustProxy: ['loopback'] },
    expected: { address: '203.0.113.9', forwardedFor: ['::1', '203.0.113.9'] },
  },
  // IPv6.
  {
    name: 'IPv6 entry, normalized to RFC 5952',
    peer: PROXY,
    headers: [['X-Forwarded-For', '2001:DB8:0:0::7']],
    expected: { address: '2001:db8::7', family: 'IPv6', forwardedFor: ['2001:db8::7'] },
  },
  {
    name: 'IPv6 peer in a trusted IPv6 range',
    peer: 'fd00::1',
    headers: [['X-Forwarded-For', '2001:db8::1']],
    expected: { address: '2001:db8::1', family: 'IPv6', forwardedFor: ['2001:db8::1'] },
  },
  {
    name: 'bracketed IPv6 with a port (Azure style)',
    peer: PROXY,
    headers: [['X-Forwarded-For', '[2001:db8::7]:4711']],
    expected: { address: '2001:db8::7', family: 'IPv6', port: 4711, forwardedFor: ['2001:db8::7'] },
  },
  {
    name: 'IPv4 with a port',
    peer: PROXY,
    headers: [['X-Forwarded-For', '203.0.113.7:8080']],
    expected: { address: '203.0.113.7', port: 8080, forwardedFor: ['203.0.113.7'] },
  },
  // Garbage.
  {
    name: 'garbage left of the first untrusted entry is ignored',
    peer: PROXY,
    headers: [['X-Forwarded-For', 'garbage, , 127.1, 203.0.113.7']],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'garbage written by the trusted peer is refused',
    peer: PROXY,
    headers: [['X-Forwarded-For', 'nonsense']],
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: 'garbage reached through a trusted hop is refused',
    peer: PROXY,
    headers: [['X-Forwarded-For', 'junk, 10.0.0.5']],
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: 'empty entry reached through a trusted hop is refused',
    peer: PROXY,
    headers: [['X-Forwarded-For', '203.0.113.7, , 10.0.0.2']],
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: 'inet_aton shorthand is not an address',
    peer: PROXY,
    headers: [['X-Forwarded-For', '127.1']],
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: 'leading zeros are not an address',
    peer: PROXY,
    headers: [['X-Forwarded-For', '010.0.0.1']],
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: '"unknown" from the trusted peer: no address',
    peer: PROXY,
    headers: [['X-Forwarded-For', 'unknown']],
    expected: { address: null, family: null, port: null, forwardedFor: ['unknown'] },
  },
  // RFC 7239 Forwarded.
  {
    name: 'Forwarded for= from the trusted peer',
    peer: PROXY,
    headers: [['Forwarded', 'for=203.0.113.7']],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: 'Forwarded parameter names are case-insensitive',
    peer: PROXY,
    headers: [['Forwarded', 'For=203.0.113.7;Proto=HTTPS']],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'], secure: true },
  },
  {
    name: 'Forwarded quoted IPv6 with a port',
    peer: PROXY,
    headers: [['Forwarded', 'for="[2001:db8:cafe::17]:4711"']],
    options: FORWARDED,
    expected: {
      address: '2001:db8:cafe::17',
      family: 'IPv6',
      port: 4711,
      forwardedFor: ['2001:db8:cafe::17'],
    },
  },
  {
    name: 'Forwarded chain: proto from the client element, forged element ignored',
    peer: PROXY,
    headers: [['Forwarded', 'for=198.51.100.1;proto=http, for=203.0.113.7;proto=https, for=10.0.0.2']],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: true },
  },
  {
    name: 'Forwarded forged https element left of the client is ignored',
    peer: PROXY,
    headers: [['Forwarded', 'for=1.1.1.1;proto=https, for=203.0.113.7;proto=http']],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'], secure: false },
  },
  {
    name: 'Forwarded obfuscated identifier',
    peer: PROXY,
    headers: [['Forwarded', 'for=_hidden;proto=https']],
    options: FORWARDED,
    expected: { address: null, family: null, port: null, forwardedFor: ['_hidden'], secure: true },
  },
  {
    name: 'Forwarded obfuscated identifier and port, quoted',
    peer: PROXY,
    headers: [['Forwarded', 'for="_gazonk:_p1"']],
    options: FORWARDED,
    expected: { address: null, port: null, forwardedFor: ['_gazonk:_p1'] },
  },
  {
    name: 'Forwarded for=unknown',
    peer: PROXY,
    headers: [['Forwarded', 'for=unknown']],
    options: FORWARDED,
    expected: { address: null, forwardedFor: ['unknown'] },
  },
  {
    name: 'Forwarded unquoted IPv6 is a syntax error',
    peer: PROXY,
    headers: [['Forwarded', 'for=[2001:db8::1]']],
    options: FORWARDED,
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: 'Forwarded quoted but unbracketed IPv6 is not a node',
    peer: PROXY,
    headers: [['Forwarded', 'for="2001:db8::1"']],
    options: FORWARDED,
    expected: { error: 'INVALID_FORWARDED' },
  },
  {
    name: "both headers agree ('auto' before): 'forwarded' reads Forwarded only",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['Forwarded', 'for=203.0.113.7'],
    ],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "both headers disagree ('auto' refused it): the default reads X-Forwarded-For only",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['Forwarded', 'for=1.2.3.4'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "forwardedHeader 'x-forwarded-for' ignores a forged Forwarded",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['Forwarded', 'for=1.2.3.4;proto=https'],
    ],
    options: { trustProxy: [PROXY], forwardedHeader: 'x-forwarded-for' },
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'], secure: false },
  },
  {
    name: "forwardedHeader 'forwarded' ignores a forged X-Forwarded-For and X-Forwarded-Proto",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '1.2.3.4'],
      ['X-Forwarded-Proto', 'https'],
    ],
    options: { trustProxy: [PROXY], forwardedHeader: 'forwarded' },
    expected: { address: PROXY, forwardedFor: [], secure: false },
  },
  // X-Forwarded-Proto.
  {
    name: 'X-Forwarded-Proto https from the trusted peer',
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['X-Forwarded-Proto', 'https'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'], secure: true },
  },
  {
    name: 'X-Forwarded-Proto aligned with X-Forwarded-For: the client hop says https',
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7, 10.0.0.2'],
      ['X-Forwarded-Proto', 'https, http'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: true },
  },
  {
    name: 'X-Forwarded-Proto not aligned: only the trusted peer’s own value counts',
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['X-Forwarded-Proto', 'https, http'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'], secure: false },
  },
  {
    name: 'X-Forwarded-Proto without X-Forwarded-For from the trusted peer',
    peer: PROXY,
    headers: [['X-Forwarded-Proto', 'wss']],
    expected: { address: PROXY, forwardedFor: [], secure: true },
  },
  {
    name: 'X-Forwarded-Proto in any case, padded, at the aligned hop',
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7, 10.0.0.2'],
      ['X-Forwarded-Proto', ' HTTPS\t,\twss '],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: true },
  },
  {
    name: 'X-Forwarded-Proto trimmed as String#trim does (no-break space)',
    peer: PROXY,
    headers: [['X-Forwarded-Proto', 'Wss\u00a0']],
    expected: { address: PROXY, forwardedFor: [], secure: true },
  },
  {
    name: 'X-Forwarded-Proto https-like values are not https',
    peer: PROXY,
    headers: [['X-Forwarded-Proto', 'https2, httpss, ws']],
    expected: { address: PROXY, forwardedFor: [], secure: false },
  },
  {
    name: 'TLS socket is secure whatever the proxy says',
    peer: PROXY,
    encrypted: true,
    headers: [['X-Forwarded-Proto', 'http']],
    expected: { address: PROXY, forwardedFor: [], secure: true },
  },
  // The spoof of the hardening issue: nginx's usual config (appends X-Forwarded-For, sets
  // X-Forwarded-Proto, passes every other client header through) on the same host.
  {
    name: 'nginx spoof: a client-sent Forwarded naming its own address cannot set secure or the port',
    peer: '127.0.0.1',
    headers: [
      ['Forwarded', `for="${ATTACKER}:1";proto=https`],
      ['X-Forwarded-For', ATTACKER],
      ['X-Forwarded-Proto', 'http'],
    ],
    options: { trustProxy: ['loopback'] },
    expected: { address: ATTACKER, port: null, forwardedFor: [ATTACKER], secure: false },
  },
  {
    name: 'nginx spoof with a forged X-Forwarded-For too: still the proxy’s view',
    peer: '127.0.0.1',
    headers: [
      ['Forwarded', `for="${ATTACKER}:1";proto=https`],
      ['X-Forwarded-For', `1.2.3.4:1, ${ATTACKER}`],
      ['X-Forwarded-Proto', 'http'],
      ['X-Forwarded-Port', '1'],
    ],
    options: { trustProxy: ['loopback'], forwardedHeader: 'x-forwarded-for' },
    expected: { address: ATTACKER, port: null, forwardedFor: [ATTACKER], secure: false },
  },
  // 'x-forwarded-for' mode (the default): Forwarded is never read.
  {
    name: "'x-forwarded-for': a client-sent Forwarded alone changes nothing",
    peer: PROXY,
    headers: [['Forwarded', 'for="203.0.113.7:1";proto=https']],
    expected: { address: PROXY, port: 50000, forwardedFor: [], secure: false },
  },
  {
    name: "'x-forwarded-for': a malformed client-sent Forwarded is never parsed (no error)",
    peer: PROXY,
    headers: [
      ['Forwarded', 'for=[2001:db8::1];;"'],
      ['X-Forwarded-For', '203.0.113.7'],
    ],
    expected: { address: '203.0.113.7', port: null, forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "'x-forwarded-for': the port is the X-Forwarded-For entry's, never X-Forwarded-Port",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7:5555'],
      ['X-Forwarded-Port', '1'],
      ['Forwarded', 'for="203.0.113.7:1"'],
    ],
    expected: { address: '203.0.113.7', port: 5555, forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "'x-forwarded-for': X-Forwarded-Port alone does not make a port",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7'],
      ['X-Forwarded-Port', '443'],
    ],
    expected: { address: '203.0.113.7', port: null, forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "'x-forwarded-for': each hop appends X-Forwarded-Proto: the client's hop says https",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '6.6.6.6, 203.0.113.7, 10.0.0.2'],
      ['X-Forwarded-Proto', 'https, http'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: true },
  },
  {
    name: "'x-forwarded-for': a client-sent https left of the appended X-Forwarded-Proto values is ignored",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7, 10.0.0.2'],
      ['X-Forwarded-Proto', 'https, http, http'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: false },
  },
  {
    name: "'x-forwarded-for': one X-Forwarded-Proto value behind two hops is the trusted chain's",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '203.0.113.7, 10.0.0.2'],
      ['X-Forwarded-Proto', 'https'],
    ],
    expected: { address: '203.0.113.7', forwardedFor: ['10.0.0.2', '203.0.113.7'], secure: true },
  },
  // 'forwarded' mode: X-Forwarded-For, -Proto and -Port are never read.
  {
    name: "'forwarded': client-sent X-Forwarded-Proto and X-Forwarded-Port are ignored",
    peer: PROXY,
    headers: [
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Port', '1'],
      ['Forwarded', 'for=203.0.113.7;proto=http'],
    ],
    options: FORWARDED,
    expected: { address: '203.0.113.7', port: null, forwardedFor: ['203.0.113.7'], secure: false },
  },
  {
    name: "'forwarded': a client-sent X-Forwarded-For alone changes nothing",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', '1.2.3.4:1'],
      ['X-Forwarded-Proto', 'https'],
    ],
    options: FORWARDED,
    expected: { address: PROXY, port: 50000, forwardedFor: [], secure: false },
  },
  {
    name: "'forwarded': a malformed client-sent X-Forwarded-For is never parsed (no error)",
    peer: PROXY,
    headers: [
      ['X-Forwarded-For', 'junk, 10.0.0.5'],
      ['Forwarded', 'for=203.0.113.7'],
    ],
    options: FORWARDED,
    expected: { address: '203.0.113.7', forwardedFor: ['203.0.113.7'] },
  },
  {
    name: "'forwarded': port and scheme from the element the walk stopped at",
    peer: PROXY,
    headers: [['Forwarded', 'for="1.1.1.1:1";proto=https, for="203.0.113.7:4711";proto=http, for=10.0.0.2']],
    options: FORWARDED,
    expected: {
      address: '203.0.113.7',
      port: 4711,
      forwardedFor: ['10.0.0.2', '203.0.113.7'],
      secure: false,
    },
  },
  // An untrusted peer: nothing it sends counts, in either mode.
  {
    name: 'untrusted peer sends every header (x-forwarded-for mode)',
    peer: ATTACKER,
    headers: [
      ['X-Forwarded-For', '1.2.3.4:1'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Port', '1'],
      ['Forwarded', 'for="1.2.3.4:1";proto=https'],
    ],
    expected: { address: ATTACKER, port: 50000, forwardedFor: [], secure: false },
  },
  {
    name: 'untrusted peer sends every header (forwarded mode)',
    peer: ATTACKER,
    headers: [
      ['X-Forwarded-For', '1.2.3.4:1'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Port', '1'],
      ['Forwarded', 'for="1.2.3.4:1";proto=https'],
    ],
    options: FORWARDED,
    expected: { address: ATTACKER, port: 50000, forwardedFor: [], secure: false },
  },
];

describe('client address and scheme behind proxies (spoofing table)', () => {
  test('the table has at least 60 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  test.each(rows)('$name', ({ peer, headers, options, encrypted, expected }) => {
    const request = fakeRequest({
      url: '/',
      headers,
      remoteAddress: peer,
      ...(encrypted === undefined ? {} : { encrypted }),
    });
    const build = () => buildConnectionContext(request, options ?? PROXIES);
    if ('error' in expected) {
      expect(build).toThrow(ConnectionContextError);
      try {
        build();
      } catch (error) {
        expect((error as ConnectionContextError).code).toBe(expected.error);
        expect((error as ConnectionContextError).status).toBe(400);
      }
      return;
    }
    const { client, secure } = build();
    expect(client.address).toBe(expected.address);
    expect(client.forwardedFor).toEqual(expected.forwardedFor);
    expect(client.viaProxy).toBe(expected.forwardedFor.length > 0);
    if (expected.family !== undefined) expect(client.family).toBe(expected.family);
    if (expected.port !== undefined) expect(client.port).toBe(expected.port);
    expect(secure).toBe(expected.secure ?? false);
  });
});

describe('INVALID_FORWARDED messages', () => {
  test.each([
    [
      [['X-Forwarded-For', 'junk, 10.0.0.5']],
      'X-Forwarded-For entry "junk" at hop 2 is not an IP address, "unknown" or an obfuscated identifier; a trusted proxy passed it on, so the client cannot be identified',
    ],
    [
      [['Forwarded', 'for=[2001:db8::1]']],
      'Malformed Forwarded header: expected a token or a quoted string at index 4, found "["; RFC 7239 elements look like for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"',
    ],
    [
      [['Forwarded', 'for="203.0.113.7']],
      'Malformed Forwarded header: expected a closing quote at index 16, found the end; RFC 7239 elements look like for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"',
    ],
    [
      [['Forwarded', 'for=1.2.3.4;for=5.6.7.8']],
      'Malformed Forwarded header: the parameter "for" appears twice in one element; RFC 7239 allows each once per element',
    ],
  ] as [[string, string][], string][])('%j', (headers, message) => {
    const request = fakeRequest({ headers, remoteAddress: PROXY });
    const mode = headers[0]?.[0] === 'Forwarded' ? FORWARDED : PROXIES;
    expect(() => buildConnectionContext(request, mode)).toThrow(
      expect.objectContaining({ code: 'INVALID_FORWARDED', status: 400, message }),
    );
  });
});

describe('socket address', () => {
  test.each([
    ['192.0.2.1', '192.0.2.1', 'IPv4'],
    ['::ffff:192.0.2.1', '192.0.2.1', 'IPv4'],
    ['::FFFF:192.0.2.1', '192.0.2.1', 'IPv4'],
    ['2001:db8::1', '2001:db8::1', 'IPv6'],
    ['::1', '::1', 'IPv6'],
  ] as const)('%s is reported as %s (%s)', (remoteAddress, address, family) => {
    const { client } = buildConnectionContext(fakeRequest({ remoteAddress, remotePort: 4242 }));
    expect(client).toEqual({ address, port: 4242, family, forwardedFor: [], viaProxy: false });
  });

  test('a destroyed socket has no address', () => {
    const { client } = buildConnectionContext(fakeRequest({ remoteAddress: undefined }));
    expect(client).toEqual({ address: null, port: null, family: null, forwardedFor: [], viaProxy: false });
  });
});

describe('forwardedHeader values', () => {
  const accepted =
    "forwardedHeader must be 'x-forwarded-for' (the default: X-Forwarded-For with X-Forwarded-Proto) or 'forwarded' (RFC 7239 Forwarded)";
  test.each([
    [
      'auto',
      `${accepted}; got "auto". 'auto' was removed: it let a header the client sent, which your proxy passed through, decide the client's address and scheme; name the one header your proxy writes`,
    ],
    ['Forwarded', `${accepted}; got "Forwarded"`],
    ['x-forwarded-proto', `${accepted}; got "x-forwarded-proto"`],
    [null, `${accepted}; got null`],
    [1, `${accepted}; got 1`],
  ])('%j is INVALID_OPTION (500)', (forwardedHeader, message) => {
    const options = { trustProxy: ['loopback'], forwardedHeader } as unknown as ContextOptions;
    expect(() => buildConnectionContext(fakeRequest(), options)).toThrow(
      expect.objectContaining({
        name: 'ConnectionContextError',
        code: 'INVALID_OPTION',
        status: 500,
        message,
      }),
    );
  });

  test.each([
    [undefined, '203.0.113.7'],
    ['x-forwarded-for', '203.0.113.7'],
    ['forwarded', '198.51.100.1'],
  ] as const)('%s reads only its own header', (forwardedHeader, address) => {
    const request = fakeRequest({
      remoteAddress: PROXY,
      headers: [
        ['X-Forwarded-For', '203.0.113.7'],
        ['Forwarded', 'for=198.51.100.1'],
      ],
    });
    const options: ContextOptions = forwardedHeader === undefined ? PROXIES : { ...PROXIES, forwardedHeader };
    expect(buildConnectionContext(request, options).client.address).toBe(address);
  });
});
