// @ts-check
import { describe, expect, test } from 'vitest';
import { alternateArms, blockDetails, median, round3, summarizePair } from './alternate.mjs';

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

/**
 * Arms whose blocks take the given milliseconds per round (100 operations each), recording the order.
 *
 * @param {Record<string, readonly number[]>} times
 * @param {string[]} order
 * @param {{ cpuMs?: Record<string, number>; failed?: Record<string, number> }} [extra]
 */
function timedArms(times, order, extra = {}) {
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => [
      name,
      async (/** @type {number} */ round) => {
        order.push(`${name}${round}`);
        const failed = extra.failed?.[name] ?? 0;
        return {
          count: 100,
          failed,
          elapsedMs: list[Math.max(round, 0)] ?? 0,
          failures: failed > 0 ? [`${name} failed`] : [],
          ...(extra.cpuMs?.[name] === undefined ? {} : { cpuMs: extra.cpuMs[name] }),
        };
      },
    ]),
  );
}

describe('alternateArms', () => {
  test('one block of each arm per round, rotated, every other round backwards, the warm-up left out', async () => {
    /** @type {string[]} */
    const order = [];
    const result = await alternateArms({
      rounds: 3,
      warmupRounds: 1,
      arms: timedArms({ a: [100], b: [100], c: [100] }, order),
    });
    expect(order).toEqual(['b-1', 'a-1', 'c-1', 'a0', 'b0', 'c0', 'a1', 'c1', 'b1', 'c2', 'a2', 'b2']);
    expect(result.blocks['a']).toHaveLength(3);
  });

  test.each([
    {
      name: 'a slow round slows both arms: each round compares its own blocks',
      times: { a: [100, 300, 100], b: [110, 330, 110] },
      ratios: [100 / 110, 100 / 110, 100 / 110],
    },
    {
      name: 'one outlier round moves the range, not the median',
      times: { a: [100, 100, 100], b: [100, 50, 100] },
      ratios: [1, 2, 1],
    },
  ])('ratios: $name', async ({ times, ratios }) => {
    const result = await alternateArms({ rounds: 3, warmupRounds: 0, arms: timedArms(times, []) });
    const got = result.ratios('b', 'a');
    for (const [index, ratio] of ratios.entries()) expect(got[index]).toBeCloseTo(ratio, 10);
    expect(result.ratio('b', 'a').median).toBeCloseTo(median(ratios), 10);
  });

  test.each([
    { name: 'both measured', cpuMs: { a: 50, b: 100 }, ratio: 0.5, micros: 1000 },
    { name: 'one arm without CPU time', cpuMs: { a: 50 }, ratio: null, micros: null },
  ])('CPU ratio, $name: control per operation / subject per operation', async ({ cpuMs, ratio, micros }) => {
    const result = await alternateArms({
      rounds: 2,
      warmupRounds: 0,
      arms: timedArms({ a: [100, 100], b: [100, 100] }, [], { cpuMs }),
    });
    expect(result.cpuRatio('b', 'a')).toBe(ratio);
    expect(result.cpuMicrosPerOperation('b')).toBe(micros);
  });
});

describe('summarizePair', () => {
  test('median, quartiles, range, the 95% interval of the median and the CPU ratio, to three decimals', async () => {
    // 15 rounds: B's rate / A's is 0.90, 0.91, ... 1.04 in some order; the interval is the 4th to 12th value.
    const factors = [7, 0, 14, 3, 10, 1, 12, 5, 8, 2, 13, 6, 11, 4, 9].map((step) => 0.9 + step / 100);
    const result = await alternateArms({
      rounds: 15,
      warmupRounds: 0,
      arms: timedArms({ a: factors.map(() => 100), b: factors.map((factor) => 100 / factor) }, [], {
        cpuMs: { a: 30, b: 40 },
      }),
    });
    expect(summarizePair(result, 'b', 'a')).toEqual({
      ratio: 0.97,
      quartiles: [0.935, 1.005],
      range: [0.9, 1.04],
      interval95: [0.93, 1.01],
      cpuRatio: 0.75,
    });
  });
});

test('blockDetails sums failures over every arm and keeps each block rounded', async () => {
  const result = await alternateArms({
    rounds: 2,
    warmupRounds: 0,
    arms: timedArms({ a: [100.4, 99.6], b: [100, 100] }, [], { failed: { b: 3 }, cpuMs: { a: 10.6 } }),
  });
  expect(blockDetails(result)).toEqual({
    failed: 6,
    failures: ['b failed'],
    blocks: {
      a: [
        { elapsedMs: 100, cpuMs: 11 },
        { elapsedMs: 100, cpuMs: 11 },
      ],
      b: [
        { elapsedMs: 100, cpuMs: 0 },
        { elapsedMs: 100, cpuMs: 0 },
      ],
    },
  });
});

test.each([
  { value: 0.97049, expected: 0.97 },
  { value: 0.9705, expected: 0.971 },
  { value: 1, expected: 1 },
])('round3($value) = $expected', ({ value, expected }) => {
  expect(round3(value)).toBe(expected);
});
