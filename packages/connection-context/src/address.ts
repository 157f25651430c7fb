import { type IPv4, type IPv6, ipaddr } from './_ipaddr.js';

/** An IP address as the context reports it: normalized text and its family. */
export interface ParsedAddress {
  /** Dotted quad for IPv4 (also for `::ffff:a.b.c.d`), RFC 5952 text for IPv6. */
  readonly text: string;
  readonly family: 'IPv4' | 'IPv6';
  /** The parsed form, for CIDR matching. */
  readonly ip: IPv4 | IPv6;
}

const MAPPED_PREFIX = '::ffff:';

/**
 * Reads a four-part dotted decimal IPv4 address in one pass (no leading zeros, each part <= 255):
 * the only form proxies write. `ipaddr.js`'s own parser also takes `inet_aton` forms (`127.1`,
 * `0x7f.0.0.1`) and runs several regular expressions, which the per-connection path avoids.
 *
 * @param text - the candidate address.
 * @returns the four octets, or `null`.
 */
export function parseDottedQuad(text: string): number[] | null {
  const octets = [0, 0, 0, 0];
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */) {
      if (digits === 0 || part === 3) return null;
      octets[part++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    if (code < 48 || code > 57 || (digits === 1 && value === 0)) return null;
    value = value * 10 + (code - 48);
    if (value > 255) return null;
    digits++;
  }
  if (part !== 3 || digits === 0) return null;
  octets[3] = value;
  return octets;
}

/** A dotted-quad IPv4 address whose ipaddr.js form is built only when a range check needs it. */
class IPv4Address implements ParsedAddress {
  readonly text: string;
  readonly family = 'IPv4' as const;
  #ip: IPv4 | undefined;

  constructor(text: string) {
    this.text = text;
    this.#ip = undefined;
  }

  get ip(): IPv4 {
    this.#ip ??= new ipaddr.IPv4(parseDottedQuad(this.text) as number[]);
    return this.#ip;
  }
}

/**
 * The 32-bit value of the dotted-quad IPv4 address `text.slice(start, end)` (four decimal parts,
 * no leading zeros, each at most 255: the form proxies write), or -1 when it is not one; read in
 * place, without a copy.
 *
 * @param text - the string holding the address.
 * @param start - the index of its first character.
 * @param end - the index after its last character.
 */
export function dottedQuadValue(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let parts = 0;
  let digits = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */) {
      if (digits === 0 || parts === 3) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
      continue;
    }
    if (code < 48 || code > 57 || (digits === 1 && part === 0)) return -1;
    part = part * 10 + (code - 48);
    if (part > 255) return -1;
    digits++;
  }
  if (parts !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

function isDottedQuad(text: string): boolean {
  return dottedQuadValue(text, 0, text.length) !== -1;
}

/**
 * Parses an IP address strictly: a four-part dotted decimal IPv4 address (no `127.1` or `0x7f.0.0.1`,
 * which `inet_aton` accepts but no proxy writes) or an IPv6 address, optionally with a zone.
 * An IPv4-mapped IPv6 address becomes the IPv4 address it carries.
 *
 * @param text - the address, without brackets or port.
 * @returns the parsed address, or `null` when `text` is not an IP address.
 */
export function parseAddress(text: string): ParsedAddress | null {
  if (text.indexOf(':') === -1) return isDottedQuad(text) ? new IPv4Address(text) : null;
  const known = parsedIPv6.get(text);
  if (known !== undefined) return known;
  const parsed = parseIPv6(text);
  // Bounded: when full it starts over, so a flood of new addresses costs what an uncached parse does.
  if (parsedIPv6.size >= IPV6_CACHE_SIZE) parsedIPv6.clear();
  parsedIPv6.set(text, parsed);
  return parsed;
}

/** How many IPv6 texts {@link parseAddress} remembers. */
const IPV6_CACHE_SIZE = 1024;

// ipaddr.js parses IPv6 with several regular expressions and formats RFC 5952 text on every call;
// the same few IPv6 peers (a dual-stack proxy's `::1` or its own address) come back on every
// connection. The answer depends on the text alone, and the frozen result is only ever read, so one
// instance is shared by every context that saw that text (its `ip` is never handed to callers).
const parsedIPv6 = new Map<string, ParsedAddress | null>();

function parseIPv6(text: string): ParsedAddress | null {
  if (!ipaddr.IPv6.isValid(text)) return null;
  const ip = ipaddr.IPv6.parse(text);
  if (ip.isIPv4MappedAddress()) {
    const v4 = ip.toIPv4Address();
    return Object.freeze({ text: v4.toString(), family: 'IPv4', ip: v4 });
  }
  return Object.freeze({ text: ip.toString(), family: 'IPv6', ip });
}

/**
 * Normalizes a socket's remote address without a full parse: Node reports IPv4 clients of a
 * dual-stack server as `::ffff:a.b.c.d`, which becomes `a.b.c.d`.
 *
 * @param address - `socket.remoteAddress`, possibly `undefined` once the socket is gone.
 * @returns the address and its family, or nulls when there is no address.
 */
export function normalizeSocketAddress(address: string | undefined | null): {
  address: string | null;
  family: 'IPv4' | 'IPv6' | null;
} {
  if (typeof address !== 'string' || address.length === 0) return { address: null, family: null };
  if (address.length > MAPPED_PREFIX.length && address.charCodeAt(0) === 58 /* : */) {
    const head = address.slice(0, MAPPED_PREFIX.length).toLowerCase();
    const rest = address.slice(MAPPED_PREFIX.length);
    if (head === MAPPED_PREFIX && isDottedQuad(rest)) {
      return { address: rest, family: 'IPv4' };
    }
  }
  return { address, family: address.indexOf(':') === -1 ? 'IPv4' : 'IPv6' };
}
