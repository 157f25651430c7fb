import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cellKey } from './model.js';
import { planCells, select } from './selection.js';
import {
  assignShards,
  estimateWallTimes,
  expectedCellMs,
  parseShard,
  selectShard,
  shardWallTimes,
} from './shard.js';

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
  client: fc.constantFrom('ws@2', 'ws@8', 'undici@5', 'chromium', 'aiohttp', 'gorilla'),
  server: fc.constantFrom('ws@2', 'ws@5', 'ws@8', 'crossws'),
  scenario: fc.constantFrom('query', 'bearer', 'context', 'failure-settles', 'reserved-refused', 'new-one'),
});
const cellsArbitrary = fc.uniqueArray(cellArbitrary, { selector: cellKey, maxLength: 60 });

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

  test('the same split whatever the input order; each shard keeps the plan order', () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer({ min: 1, max: 5 }), (cells, count) => {
        const reversed = [...cells].reverse();
        for (let index = 1; index <= count; index++) {
          const shard = selectShard(cells, { index, count }).map(cellKey);
          expect([...shard].sort()).toEqual(selectShard(reversed, { index, count }).map(cellKey).sort());
          // a subsequence of the plan: neighbouring cells still belong to different clients
          const positions = shard.map((key) => cells.findIndex((cell) => cellKey(cell) === key));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
    );
  });

  test('balanced by expected time: no shard exceeds another by more than its costliest cell and a start', () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer({ min: 2, max: 5 }), (cells, count) => {
        const times = shardWallTimes(cells, count);
        const costliest = Math.max(0, ...cells.map(expectedCellMs));
        // a browser start (2.5 s) is the largest per-shard fixed cost
        expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(costliest + 2_500);
      }),
    );
  });

  test('1/1 is every cell, in the order given', () => {
    const cells = [
      { client: 'ws@8', server: 'ws@2', scenario: 'query' },
      { client: 'undici@5', server: 'ws@8', scenario: 'bearer' },
    ];
    expect(selectShard(cells, { index: 1, count: 1 })).toEqual(cells);
  });
});

describe('the full matrix in 4 shards (the CI workflow)', () => {
  const cells = planCells(select({}));
  const times = shardWallTimes(cells, 4);

  test('every shard is expected to take within 10% of the others', () => {
    expect(Math.max(...times) / Math.min(...times)).toBeLessThan(1.1);
  });

  test('shorter than dealing the cells round-robin by key (the split by count it replaced)', () => {
    const sorted = cells.map(cellKey).sort();
    const roundRobin = estimateWallTimes(cells, (cell) => (sorted.indexOf(cellKey(cell)) % 4) + 1, 4);
    expect(Math.max(...times)).toBeLessThan(Math.max(...roundRobin));
  });

  test('time, not count: the shards hold different numbers of cells for the same expected time', () => {
    const assigned = assignShards(cells, 4);
    const sizes = [1, 2, 3, 4].map(
      (index) => cells.filter((cell) => assigned.get(cellKey(cell)) === index).length,
    );
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeGreaterThan(1);
  });
});
