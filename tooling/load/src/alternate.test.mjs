// @ts-check
import { describe, expect, test } from 'vitest';
import { alternate, median } from './alternate.mjs';

describe('median', () => {
  test.each([
    { name: 'one value', values: [3], expected: 3 },
    { name: 'odd count, unsorted', values: [9, 1, 5], expected: 5 },
    { name: 'even count: mean of the middle two', values: [4, 1, 3, 2], expected: 2.5 },
    { name: 'an outlier does not move it', values: [1, 1, 1, 1000], expected: 1 },
  ])('$name', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });
});

describe('alternate', () => {
  test('runs A B A B after the warm-up rounds and leaves the warm-up out', async () => {
    /** @type {string[]} */
    const order = [];
    const block = (/** @type {string} */ name) => async (/** @type {number} */ round) => {
      order.push(`${name}${round}`);
      return { count: 100, failed: 0, elapsedMs: 100 };
    };
    const result = await alternate({ rounds: 2, warmupRounds: 1, runA: block('A'), runB: block('B') });
    expect(order).toEqual(['A-1', 'B-1', 'A0', 'B0', 'A1', 'B1']);
    expect(result.rounds).toHaveLength(2);
  });

  test('the ratio compares each B with the A before it, so a slow round does not decide it', async () => {
    // Round 1 is three times slower for both (another process took the CPU): B is 10% slower in every round.
    const aTimes = [100, 300, 100];
    const bTimes = [110, 330, 110];
    const result = await alternate({
      rounds: 3,
      warmupRounds: 0,
      runA: async (round) => ({ count: 100, failed: 0, elapsedMs: aTimes[round] ?? 0 }),
      runB: async (round) => ({ count: 100, failed: 0, elapsedMs: bTimes[round] ?? 0 }),
    });
    expect(result.ratio).toBeCloseTo(100 / 110, 10);
    expect(result.aRate).toBe(1000);
    expect(result.cpuRatio).toBeNull();
  });

  test('failed operations do not count as throughput, and are summed', async () => {
    const result = await alternate({
      rounds: 1,
      warmupRounds: 0,
      runA: async () => ({ count: 100, failed: 0, elapsedMs: 100, failures: [] }),
      runB: async () => ({ count: 100, failed: 50, elapsedMs: 100, failures: ['ECONNRESET'] }),
    });
    expect(result.ratio).toBe(0.5);
    expect(result.failed).toBe(50);
    expect(result.failures).toEqual(['ECONNRESET']);
  });

  test('CPU per operation gives a second ratio: A per operation / B per operation', async () => {
    const result = await alternate({
      rounds: 2,
      warmupRounds: 0,
      runA: async () => ({ count: 100, failed: 0, elapsedMs: 100, cpuMs: 50 }),
      runB: async () => ({ count: 100, failed: 0, elapsedMs: 100, cpuMs: 100 }),
    });
    expect(result.cpuRatio).toBe(0.5);
  });
});
