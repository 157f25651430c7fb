import { type IPv4, type IPv6, ipaddr } from './_ipaddr.js';
import type { ParsedAddress } from './address.js';
import { ConnectionContextError } from './errors.js';

/** Which peers may tell us who the client is: see `ContextOptions.trustProxy`. */
export type TrustProxyOption = false | readonly string[] | ((address: string, hop: number) => boolean);

/**
 * A compiled trust decision for one hop: `hop` 0 is the socket peer, 1 the proxy before it, ...
 * A list's check also has `ipv4`: the same decision for an IPv4 address given as its 32-bit value
 * (see `dottedQuadValue`), which a forwarding walk can make without a string or an object.
 */
export type TrustCheck = ((address: ParsedAddress, hop: number) => boolean) & {
  readonly ipv4?: (value: number) => boolean;
};

type Range = readonly [IPv4 | IPv6, number];

/** How many trust decisions one `trustProxy` list remembers. */
const TRUST_CACHE_SIZE = 1024;

// The same names and ranges as proxy-addr, so express users can move their setting over.
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

function invalid(message: string): ConnectionContextError {
  return new ConnectionContextError('INVALID_TRUST_PROXY', message);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function parseRange(entry: string): Range | null {
  const slash = entry.indexOf('/');
  const addressText = slash === -1 ? entry : entry.slice(0, slash);
  const isV4 = addressText.indexOf(':') === -1;
  if (isV4 ? !ipaddr.IPv4.isValidFourPartDecimal(addressText) : !ipaddr.IPv6.isValid(addressText))
    return null;
  let ip: IPv4 | IPv6 = isV4 ? ipaddr.IPv4.parse(addressText) : ipaddr.IPv6.parse(addressText);
  const max = isV4 ? 32 : 128;
  let bits = max;
  if (slash !== -1) {
    const suffix = entry.slice(slash + 1);
    if (/^(0|[1-9]\d{0,2})$/.test(suffix)) {
      bits = Number(suffix);
    } else if (isV4 && ipaddr.IPv4.isValidFourPartDecimal(suffix)) {
      // A netmask (10.0.0.0/255.0.0.0) as proxy-addr accepts; null when it is not contiguous.
      const prefix = ipaddr.IPv4.parse(suffix).prefixLengthFromSubnetMask();
      if (prefix === null) return null;
      bits = prefix;
    } else {
      return null;
    }
    if (bits > max) return null;
  }
  // ::ffff:10.0.0.0/104 means 10.0.0.0/8: the addresses we compare are already unmapped.
  if (ip.kind() === 'ipv6' && (ip as IPv6).isIPv4MappedAddress() && bits >= 96) {
    ip = (ip as IPv6).toIPv4Address();
    bits -= 96;
  }
  return [ip, bits];
}

/**
 * Compiles the `trustProxy` option once.
 *
 * @param option - `false`/`undefined`, a list of IPs, CIDRs and the names `loopback`, `linklocal`,
 *   `uniquelocal`, or a function `(address, hop) => boolean`.
 * @returns `null` when no proxy is trusted, otherwise the check for one hop.
 * @throws {ConnectionContextError} `INVALID_TRUST_PROXY` for a hop count, `true`, or an entry that is
 *   neither an address, a CIDR nor a known name.
 */
export function compileTrustProxy(option: unknown): TrustCheck | null {
  if (option === undefined || option === false) return null;
  if (typeof option === 'function') {
    const trust = option as (address: string, hop: number) => unknown;
    return (address, hop) => trust(address.text, hop) === true;
  }
  if (typeof option === 'number') {
    throw invalid(
      `trustProxy: ${option} is a hop count, and any client can spoof a hop count by sending its own X-Forwarded-For; list your proxies instead, e.g. trustProxy: ['10.0.0.0/8'] or ['loopback']`,
    );
  }
  if (option === true) {
    throw invalid(
      "trustProxy: true would let any client choose its address by sending X-Forwarded-For; list your proxies instead, e.g. trustProxy: ['10.0.0.0/8'] or ['loopback']",
    );
  }
  if (!Array.isArray(option)) {
    throw invalid(
      `trustProxy must be false, an array of addresses, CIDRs or names ('loopback', 'linklocal', 'uniquelocal'), or a function; got ${describe(option)}`,
    );
  }
  const ranges: Range[] = [];
  for (const entry of option as readonly unknown[]) {
    if (typeof entry !== 'string') {
      throw invalid(`trustProxy entry ${describe(entry)} is not a string; use an address, a CIDR or a name`);
    }
    const named = Object.hasOwn(NAMED_RANGES, entry) ? NAMED_RANGES[entry] : undefined;
    for (const text of named ?? [entry]) {
      const range = parseRange(text);
      if (range === null) {
        throw invalid(
          `trustProxy entry ${JSON.stringify(entry)} is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of 'loopback', 'linklocal', 'uniquelocal'`,
        );
      }
      ranges.push(range);
    }
  }
  if (ranges.length === 0) return null;
  const matches = (ip: IPv4 | IPv6): boolean => {
    const kind = ip.kind();
    for (const [rangeIp, bits] of ranges) {
      if (rangeIp.kind() === kind && ip.match(rangeIp, bits)) return true;
    }
    return false;
  };
  // IPv4 ranges as [network, mask] 32-bit integers: one AND and one comparison per range.
  const ipv4Ranges: number[] = [];
  for (const [rangeIp, bits] of ranges) {
    if (rangeIp.kind() !== 'ipv4') continue;
    const mask = bits === 0 ? 0 : -1 << (32 - bits);
    const octets = (rangeIp as IPv4).octets;
    const network =
      ((octets[0] as number) << 24) |
      ((octets[1] as number) << 16) |
      ((octets[2] as number) << 8) |
      (octets[3] as number);
    ipv4Ranges.push(network & mask, mask);
  }
  const ipv4 = (value: number): boolean => {
    const bits = value | 0;
    for (let index = 0; index < ipv4Ranges.length; index += 2) {
      if ((bits & (ipv4Ranges[index + 1] as number)) === ipv4Ranges[index]) return true;
    }
    return false;
  };
  // The same few proxies (and many returning clients) are checked on every connection: remember
  // the answer per normalized address, so the common case skips ipaddr.js entirely. Bounded: when
  // full it starts over, which keeps the cost of a flood of new addresses at the uncached one.
  const decided = new Map<string, boolean>();
  const check = (address: ParsedAddress): boolean => {
    const known = decided.get(address.text);
    if (known !== undefined) return known;
    const trusted = matches(address.ip);
    if (decided.size >= TRUST_CACHE_SIZE) decided.clear();
    decided.set(address.text, trusted);
    return trusted;
  };
  return Object.assign(check, { ipv4 });
}
