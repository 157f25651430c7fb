import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cellKey } from './model.js';
import { parseShard, selectShard } from './shard.js';

describe('parseShard', () => {
  test.each([
    { input: '1/4', expected: { index: 1, count: 4 } },
    { input: '4/4', expected: { index: 4, count: 4 } },
    { input: ' 1/1 ', expected: { index: 1, count: 1 } },
  ])('$input', ({ input, expected }) => {
    expect(parseShard(input)).toEqual(expected);
  });
  test.each(['0/4', '5/4', '1/0', '1-4', 'a/b', '', '1/4/2'])('refuses "%s"', (input) => {
    expect(() => parseShard(input)).toThrow(
      new TypeError(`--shard must be i/n with 1 <= i <= n, like 2/4 (got "${input}")`),
    );
  });
});

const cellArbitrary = fc.record({
  client: fc.constantFrom('ws@2', 'ws@8', 'undici@5', 'chromium'),
  server: fc.constantFrom('ws@2', 'ws@5', 'ws@8'),
  scenario: fc.constantFrom('query', 'bearer', 'context', 'subprotocol'),
});
const cellsArbitrary = fc.uniqueArray(cellArbitrary, { selector: cellKey, maxLength: 48 });

describe('selectShard', () => {
  test('the shards partition the cells: each cell in exactly one shard', () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer({ min: 1, max: 7 }), (cells, count) => {
        const seen = new Map<string, number>();
        for (let index = 1; index <= count; index++) {
          for (const cell of selectShard(cells, { index, count }))
            seen.set(cellKey(cell), (seen.get(cellKey(cell)) ?? 0) + 1);
        }
        expect([...seen.keys()].sort()).toEqual(cells.map(cellKey).sort());
        expect([...seen.values()].every((times) => times === 1)).toBe(true);
      }),
    );
  });

  test('deterministic whatever the input order, and balanced within one cell', () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer({ min: 1, max: 5 }), (cells, count) => {
        const reversed = [...cells].reverse();
        const sizes: number[] = [];
        for (let index = 1; index <= count; index++) {
          const shard = selectShard(cells, { index, count });
          expect(shard.map(cellKey)).toEqual(selectShard(reversed, { index, count }).map(cellKey));
          sizes.push(shard.length);
        }
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test('1/1 is every cell, sorted by key', () => {
    const cells = [
      { client: 'ws@8', server: 'ws@2', scenario: 'query' },
      { client: 'undici@5', server: 'ws@8', scenario: 'bearer' },
    ];
    expect(selectShard(cells, { index: 1, count: 1 })).toEqual([cells[1], cells[0]]);
  });
});
