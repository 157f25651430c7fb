import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runBounded } from './pool.js';

/** Runs runBounded with tasks that wait `delays[i]` ms, counting how many ran at once. */
async function observe(delays: readonly number[], limit: number) {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const results = await runBounded(delays, limit, async (delay, index) => {
    started.push(index);
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, delay));
    running--;
    return `r${index}`;
  });
  return { results, peak, started };
}

describe('runBounded', () => {
  test.each([
    ['limit 2 over 5 tasks', [5, 1, 3, 1, 2], 2, 2],
    ['limit above the task count', [1, 1, 1], 10, 3],
    ['limit 0 counts as 1', [1, 1, 1], 0, 1],
    ['a fractional limit is rounded down', [1, 1, 1, 1], 2.7, 2],
    ['no tasks', [], 4, 0],
  ])('%s: peak %#', async (_name, delays, limit, peak) => {
    const observed = await observe(delays, limit);
    expect(observed.peak).toBe(peak);
    expect(observed.results).toEqual(delays.map((_, index) => `r${index}`));
    expect(observed.started).toEqual(delays.map((_, index) => index));
  });

  test('a rejection rejects the whole run', async () => {
    await expect(
      runBounded([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('task 2 failed');
        return item;
      }),
    ).rejects.toThrow('task 2 failed');
  });

  test('any delays and limit: never more than the limit in flight, all started in order, results in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, limit) => {
          const observed = await observe(delays, limit);
          expect(observed.peak).toBe(Math.min(limit, delays.length));
          expect(observed.results).toEqual(delays.map((_, index) => `r${index}`));
          expect(observed.started).toEqual(delays.map((_, index) => index));
        },
      ),
      { numRuns: 40 },
    );
  });
});
