import { describe, expect, test } from 'vitest';
import { parseForwardedHeader, parseForwardedNode } from './forwarded.js';

describe('parseForwardedNode', () => {
  test.each([
    ['192.0.2.43', true, 'address', '192.0.2.43', null],
    ['192.0.2.43:47011', true, 'address', '192.0.2.43', 47011],
    ['[2001:db8:cafe::17]', true, 'address', '2001:db8:cafe::17', null],
    ['[2001:db8:cafe::17]:4711', true, 'address', '2001:db8:cafe::17', 4711],
    ['[::ffff:192.0.2.1]:80', true, 'address', '192.0.2.1', 80],
    ['2001:db8::17', true, 'invalid', null, null],
    ['2001:db8::17', false, 'address', '2001:db8::17', null],
    ['unknown', true, 'unknown', null, null],
    ['UNKNOWN', false, 'unknown', null, null],
    ['_hidden', true, 'obfuscated', null, null],
    ['_hidden:_port', true, 'obfuscated', null, null],
    ['_hidden:8080', true, 'obfuscated', null, null],
    ['_hidden', false, 'invalid', null, null],
    ['_', true, 'invalid', null, null],
    ['_bad!', true, 'invalid', null, null],
    ['192.0.2.43:65536', true, 'invalid', null, null],
    ['192.0.2.43:', true, 'invalid', null, null],
    ['192.0.2.43:x', true, 'invalid', null, null],
    ['[2001:db8::17', true, 'invalid', null, null],
    ['[2001:db8::17]x', true, 'invalid', null, null],
    ['[192.0.2.1]', true, 'invalid', null, null],
    ['', false, 'invalid', null, null],
    ['example.com', false, 'invalid', null, null],
  ] as const)('%j (rfc7239: %s) is %s', (raw, rfc7239, kind, address, port) => {
    const node = parseForwardedNode(raw, rfc7239);
    expect(node.kind).toBe(kind);
    expect(node.address?.text ?? null).toBe(address);
    expect(node.port).toBe(port);
    expect(node.raw).toBe(raw);
  });
});

describe('parseForwardedHeader', () => {
  const summary = (value: string) =>
    parseForwardedHeader(value).map(({ node, proto }) => [node === null ? null : node.raw, proto]);

  test.each([
    ['for=192.0.2.60', [['192.0.2.60', null]]],
    ['for=192.0.2.60;proto=http;by=203.0.113.43', [['192.0.2.60', 'http']]],
    [
      'for=192.0.2.43, for=198.51.100.17',
      [
        ['192.0.2.43', null],
        ['198.51.100.17', null],
      ],
    ],
    ['for="[2001:db8:cafe::17]:4711"', [['[2001:db8:cafe::17]:4711', null]]],
    ['For="_gazonk"', [['_gazonk', null]]],
    ['proto=https', [[null, 'https']]],
    [
      'for=a ; proto=https , for=b',
      [
        ['a', 'https'],
        ['b', null],
      ],
    ],
    ['for="quoted\\"escape"', [['quoted"escape', null]]],
    [', ,for=192.0.2.1,', [['192.0.2.1', null]]],
    ['', []],
  ] as [string, [string | null, string | null][]][])('%j', (value, expected) => {
    expect(summary(value)).toEqual(expected);
  });

  const hint = 'RFC 7239 elements look like for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"';
  test.each([
    ['for', `Malformed Forwarded header: expected "=" at index 3, found the end; ${hint}`],
    ['=x', `Malformed Forwarded header: expected a parameter name at index 0, found "="; ${hint}`],
    [
      'for=',
      `Malformed Forwarded header: expected a token or a quoted string at index 4, found the end; ${hint}`,
    ],
    ['for=a b', `Malformed Forwarded header: expected ";" or "," at index 6, found "b"; ${hint}`],
    ['for="a', `Malformed Forwarded header: expected a closing quote at index 6, found the end; ${hint}`],
    [
      'for="a\\',
      `Malformed Forwarded header: expected an escaped character at index 7, found the end; ${hint}`,
    ],
    [
      'proto=http;PROTO=https',
      'Malformed Forwarded header: the parameter "proto" appears twice in one element; RFC 7239 allows each once per element',
    ],
  ])('%j is INVALID_FORWARDED', (value, message) => {
    expect(() => parseForwardedHeader(value)).toThrow(
      expect.objectContaining({ code: 'INVALID_FORWARDED', status: 400, message }),
    );
  });
});
