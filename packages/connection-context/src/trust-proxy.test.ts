import { describe, expect, test } from 'vitest';
import { parseAddress } from './address.js';
import { ConnectionContextError } from './errors.js';
import { compileTrustProxy } from './trust-proxy.js';

function trusts(option: unknown, address: string, hop = 0): boolean {
  const check = compileTrustProxy(option);
  const parsed = parseAddress(address);
  if (check === null || parsed === null) return false;
  return check(parsed, hop);
}

describe('compileTrustProxy', () => {
  test.each([
    ['an exact IPv4', ['10.0.0.1'], '10.0.0.1', true],
    ['another IPv4', ['10.0.0.1'], '10.0.0.2', false],
    ['a CIDR', ['10.0.0.0/8'], '10.255.1.2', true],
    ['outside the CIDR', ['10.0.0.0/8'], '11.0.0.1', false],
    ['a netmask', ['10.0.0.0/255.0.0.0'], '10.1.2.3', true],
    ['an IPv6 CIDR', ['fd00::/8'], 'fd12::1', true],
    ['an IPv6 CIDR does not match IPv4', ['fd00::/8'], '10.0.0.1', false],
    ['a mapped CIDR matches the IPv4 address', ['::ffff:10.0.0.0/104'], '10.9.9.9', true],
    ['a mapped address matches an IPv4 CIDR', ['10.0.0.0/8'], '::ffff:10.1.1.1', true],
    ['loopback IPv4', ['loopback'], '127.0.0.53', true],
    ['loopback IPv6', ['loopback'], '::1', true],
    ['linklocal', ['linklocal'], '169.254.1.1', true],
    ['linklocal IPv6', ['linklocal'], 'fe80::1', true],
    ['uniquelocal 172.16/12', ['uniquelocal'], '172.31.255.255', true],
    ['uniquelocal excludes 172.32', ['uniquelocal'], '172.32.0.1', false],
    ['uniquelocal fc00::/7', ['uniquelocal'], 'fd00::5', true],
    ['an empty list trusts nobody', [], '10.0.0.1', false],
    ['false trusts nobody', false, '10.0.0.1', false],
  ] as const)('%s', (_name, option, address, expected) => {
    expect(trusts(option, address)).toBe(expected);
  });

  test('a function gets the normalized address and the hop', () => {
    const seen: [string, number][] = [];
    const check = compileTrustProxy((address: string, hop: number) => {
      seen.push([address, hop]);
      return hop === 0;
    });
    expect(check?.(parseAddress('::ffff:192.0.2.9')!, 0)).toBe(true);
    expect(check?.(parseAddress('2001:DB8::1')!, 1)).toBe(false);
    expect(seen).toEqual([
      ['192.0.2.9', 0],
      ['2001:db8::1', 1],
    ]);
  });

  test('a function returning a truthy non-boolean does not trust', () => {
    const check = compileTrustProxy(() => 1);
    expect(check?.(parseAddress('10.0.0.1')!, 0)).toBe(false);
  });

  const HINT = "list your proxies instead, e.g. trustProxy: ['10.0.0.0/8'] or ['loopback']";
  test.each([
    [
      1,
      `trustProxy: 1 is a hop count, and any client can spoof a hop count by sending its own X-Forwarded-For; ${HINT}`,
    ],
    [
      2,
      `trustProxy: 2 is a hop count, and any client can spoof a hop count by sending its own X-Forwarded-For; ${HINT}`,
    ],
    [true, `trustProxy: true would let any client choose its address by sending X-Forwarded-For; ${HINT}`],
    [
      '10.0.0.1',
      `trustProxy must be false, an array of addresses, CIDRs or names ('loopback', 'linklocal', 'uniquelocal'), or a function; got "10.0.0.1"`,
    ],
    [
      null,
      `trustProxy must be false, an array of addresses, CIDRs or names ('loopback', 'linklocal', 'uniquelocal'), or a function; got null`,
    ],
    [[42], 'trustProxy entry 42 is not a string; use an address, a CIDR or a name'],
    [
      ['localhost'],
      `trustProxy entry "localhost" is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of 'loopback', 'linklocal', 'uniquelocal'`,
    ],
    [
      ['10.0.0.0/33'],
      `trustProxy entry "10.0.0.0/33" is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of 'loopback', 'linklocal', 'uniquelocal'`,
    ],
    [
      ['10.0.0.0/255.0.255.0'],
      `trustProxy entry "10.0.0.0/255.0.255.0" is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of 'loopback', 'linklocal', 'uniquelocal'`,
    ],
    [
      ['127.1'],
      `trustProxy entry "127.1" is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of 'loopback', 'linklocal', 'uniquelocal'`,
    ],
  ] as const)('%j is INVALID_TRUST_PROXY (500)', (option, message) => {
    expect(() => compileTrustProxy(option)).toThrow(ConnectionContextError);
    expect(() => compileTrustProxy(option)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRUST_PROXY', status: 500, message }),
    );
  });
});

describe('remembered trust decisions', () => {
  test('answers stay exact when asked again and past the cache size', () => {
    const check = compileTrustProxy(['10.0.0.0/8', 'fd00::/8']);
    if (check === null) throw new Error('expected a check');
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < 3000; index++) {
        const v4 = `${index % 2 === 0 ? 10 : 11}.0.${index >> 8}.${index & 255}`;
        expect(check(parseAddress(v4)!, 1)).toBe(index % 2 === 0);
        const v6 = `${index % 2 === 0 ? 'fd00' : 'fe00'}::${index.toString(16)}`;
        expect(check(parseAddress(v6)!, 1)).toBe(index % 2 === 0);
      }
    }
  });

  test('each trustProxy list has its own answers', () => {
    const loopback = compileTrustProxy(['loopback']);
    const private10 = compileTrustProxy(['10.0.0.0/8']);
    const address = parseAddress('10.1.2.3')!;
    expect(loopback?.(address, 0)).toBe(false);
    expect(private10?.(address, 0)).toBe(true);
    expect(loopback?.(parseAddress('127.0.0.1')!, 0)).toBe(true);
    expect(private10?.(parseAddress('127.0.0.1')!, 0)).toBe(false);
  });

  test('a function is asked every time', () => {
    let calls = 0;
    const check = compileTrustProxy(() => {
      calls++;
      return true;
    });
    check?.(parseAddress('10.0.0.1')!, 0);
    check?.(parseAddress('10.0.0.1')!, 0);
    expect(calls).toBe(2);
  });
});
