import { describe, expect, test } from 'vitest';
import { normalizeSocketAddress, parseAddress, parseDottedQuad } from './address.js';

describe('parseAddress', () => {
  test.each([
    ['0.0.0.0', '0.0.0.0', 'IPv4'],
    ['255.255.255.255', '255.255.255.255', 'IPv4'],
    ['192.0.2.1', '192.0.2.1', 'IPv4'],
    ['::ffff:192.0.2.1', '192.0.2.1', 'IPv4'],
    ['2001:DB8::1', '2001:db8::1', 'IPv6'],
    ['fe80::1%eth0', 'fe80::1%eth0', 'IPv6'],
    ['256.0.0.1', null, null],
    ['1.2.3', null, null],
    ['1.2.3.4.5', null, null],
    ['01.2.3.4', null, null],
    ['1..3.4', null, null],
    ['1.2.3.', null, null],
    ['.1.2.3', null, null],
    ['0x7f.0.0.1', null, null],
    ['127.1', null, null],
    ['1.2.3.4 ', null, null],
    ['', null, null],
    ['::g', null, null],
  ])('%j', (text, normalized, family) => {
    const parsed = parseAddress(text);
    expect(parsed === null ? null : parsed.text).toBe(normalized);
    expect(parsed === null ? null : parsed.family).toBe(family);
  });
});

describe('parseDottedQuad', () => {
  test.each([
    ['10.0.0.1', [10, 0, 0, 1]],
    ['0.0.0.0', [0, 0, 0, 0]],
    ['1.2.3.256', null],
    ['1.2.3.-4', null],
  ])('%j', (text, octets) => {
    expect(parseDottedQuad(text)).toEqual(octets);
  });
});

describe('normalizeSocketAddress', () => {
  test.each([
    [undefined, null, null],
    ['', null, null],
    ['10.0.0.1', '10.0.0.1', 'IPv4'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'IPv4'],
    ['::ffff:1.2.3', '::ffff:1.2.3', 'IPv6'],
    ['::1', '::1', 'IPv6'],
  ] as const)('%j', (input, address, family) => {
    expect(normalizeSocketAddress(input)).toEqual({ address, family });
  });
});
