import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ipaddr } from './_ipaddr.js';
import { parseAddress } from './address.js';

// parseAddress remembers IPv6 texts (a measured hot path: dual-stack proxies such as `::1` come back
// on every connection). These properties prove that interleaved calls, with new, repeated, mapped,
// zoned and invalid texts, each get exactly the answer a fresh parse gives.

/** A fresh parse, the way parseAddress answered before it remembered anything. */
function oracle(text: string): { text: string; family: string } | null {
  if (text.indexOf(':') === -1) {
    const parts = text.split('.');
    const quad =
      parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
    return quad ? { text, family: 'IPv4' } : null;
  }
  if (!ipaddr.IPv6.isValid(text)) return null;
  const ip = ipaddr.IPv6.parse(text);
  if (ip.isIPv4MappedAddress()) return { text: ip.toIPv4Address().toString(), family: 'IPv4' };
  return { text: ip.toString(), family: 'IPv6' };
}

function actual(text: string): { text: string; family: string } | null {
  const parsed = parseAddress(text);
  return parsed === null ? null : { text: parsed.text, family: parsed.family };
}

const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const address = fc.oneof(
  fc.constantFrom(
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::FFFF:7F00:1',
    'fe80::1%eth0',
    '2001:DB8::1',
    '1:2:3',
    ':::',
  ),
  fc.array(hex, { minLength: 8, maxLength: 8 }).map((groups) => groups.join(':')),
  fc.tuple(hex, hex).map(([a, b]) => `2001:db8:${a}::${b}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `::ffff:198.51.${a}.${b}`),
  fc.ipV4(),
  fc.string({ maxLength: 12 }),
);

test('interleaved calls with any texts each get the answer of a fresh parse', () => {
  fc.assert(
    fc.property(fc.array(address, { minLength: 1, maxLength: 30 }), (texts) => {
      for (const text of texts) {
        expect(actual(text)).toEqual(oracle(text));
        expect(actual(text)).toEqual(oracle(text));
      }
    }),
    { numRuns: 500 },
  );
});

test('past the bound (1,024 texts) it starts over and still answers right', () => {
  const texts = Array.from({ length: 1100 }, (_, n) => `2001:db8::${n.toString(16)}`);
  for (const text of texts) expect(actual(text)).toEqual(oracle(text));
  for (const text of texts.slice(0, 50)) expect(actual(text)).toEqual(oracle(text));
});

test('a remembered answer is frozen: no caller can change what the next context reads', () => {
  const first = parseAddress('2001:db8::7');
  expect(Object.isFrozen(first)).toBe(true);
  expect(parseAddress('2001:db8::7')).toBe(first);
});
