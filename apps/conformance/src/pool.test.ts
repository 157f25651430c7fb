import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type GroupedItem, runBounded, runGrouped } from './pool.js';

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

interface Job extends GroupedItem {
  delay: number;
}

/** Runs runGrouped over jobs, recording every start and end, and the peaks (overall and per group). */
async function observeGrouped(jobs: readonly Job[], limit: number, readyAfter: Record<string, number> = {}) {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const active = new Map<string, { exclusive: number; shared: number }>();
  let overlap = false;
  const results = await runGrouped(
    jobs,
    limit,
    (job) => job,
    (group) => new Promise((resolve) => setTimeout(resolve, readyAfter[group] ?? 0)),
    async (job, index) => {
      const state = active.get(job.group) ?? { exclusive: 0, shared: 0 };
      active.set(job.group, state);
      if (state.exclusive > 0 || (!job.shared && state.shared > 0)) overlap = true;
      if (job.shared) state.shared++;
      else state.exclusive++;
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${index}`);
      await new Promise((resolve) => setTimeout(resolve, job.delay));
      log.push(`end ${index}`);
      running--;
      if (job.shared) state.shared--;
      else state.exclusive--;
      return `r${index}`;
    },
  );
  const starts = log.filter((entry) => entry.startsWith('start')).map((entry) => Number(entry.slice(6)));
  return { results, peak, overlap, starts, log };
}

const job = (group: string, shared = false, delay = 5): Job => ({ group, shared, delay });

describe('runGrouped', () => {
  test.each([
    ['one group, exclusive: one at a time', [job('a'), job('a'), job('a')], 4, {}, 1],
    ['one group, shared: together', [job('a', true), job('a', true), job('a', true)], 4, {}, 3],
    ['two groups, exclusive: one each at a time', [job('a'), job('b'), job('a'), job('b')], 4, {}, 2],
    ['the limit holds across groups', [job('a'), job('b'), job('c'), job('d')], 2, {}, 2],
    ['no items', [], 3, {}, 0],
  ] as [string, Job[], number, Record<string, number>, number][])(
    '%s',
    async (_name, jobs, limit, ready, peak) => {
      const observed = await observeGrouped(jobs, limit, ready);
      expect(observed.peak).toBe(peak);
      expect(observed.overlap).toBe(false);
      expect(observed.results).toEqual(jobs.map((_, index) => `r${index}`));
    },
  );

  test('an exclusive item waits for the shared ones before it, and the shared ones after it wait for it', async () => {
    const observed = await observeGrouped([job('a', true, 20), job('a', false, 5), job('a', true, 5)], 4);
    expect(observed.log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  test('a group that is not ready holds no slot: the next group runs meanwhile', async () => {
    const observed = await observeGrouped([job('slow'), job('fast'), job('fast')], 1, { slow: 40 });
    expect(observed.starts).toEqual([1, 2, 0]);
  });

  test('a group that is busy holds no slot: the next group runs meanwhile', async () => {
    const observed = await observeGrouped([job('a', false, 30), job('a'), job('b'), job('b')], 2);
    expect(observed.starts).toEqual([0, 2, 3, 1]);
  });

  test('a failed ready rejects the run after the other groups finish', async () => {
    let ran = 0;
    await expect(
      runGrouped(
        [job('a'), job('b')],
        2,
        (item) => item,
        (group) => (group === 'a' ? Promise.reject(new Error('a did not start')) : Promise.resolve()),
        async () => {
          ran++;
        },
      ),
    ).rejects.toThrow('a did not start');
    expect(ran).toBe(1);
  });

  test('any groups, sharing and limit: within the limit, no exclusive overlap, group order kept, results in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            group: fc.constantFrom('a', 'b', 'c'),
            shared: fc.boolean(),
            delay: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 14 },
        ),
        fc.integer({ min: 1, max: 5 }),
        async (jobs, limit) => {
          const observed = await observeGrouped(jobs, limit);
          expect(observed.peak).toBeLessThanOrEqual(limit);
          expect(observed.overlap).toBe(false);
          expect(observed.results).toEqual(jobs.map((_, index) => `r${index}`));
          for (const group of ['a', 'b', 'c']) {
            const order = observed.starts.filter((index) => jobs[index]!.group === group);
            expect(order).toEqual([...order].sort((x, y) => x - y));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
