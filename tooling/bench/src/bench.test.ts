import { describe, expect, test } from 'vitest';
import {
  blockOrder,
  compareAsync,
  compareThroughput,
  medianInterval,
  quantile,
  rotation,
  spread,
  summarize,
  withAaControl,
} from './index.js';

describe('statistics', () => {
  test.each([
    { values: [3], q: 0.5, expected: 3 },
    { values: [1, 2, 3, 4], q: 0.5, expected: 2.5 },
    { values: [4, 1, 3, 2, 5], q: 0.5, expected: 3 },
    { values: [1, 2, 3, 4, 5], q: 0.25, expected: 2 },
    { values: [1, 2, 3, 4], q: 0.75, expected: 3.25 },
    { values: [7, 1], q: 0, expected: 1 },
    { values: [7, 1], q: 1, expected: 7 },
  ])('quantile($values, $q) = $expected', ({ values, q, expected }) => {
    expect(quantile(values, q)).toBe(expected);
  });

  test.each([
    { values: [], q: 0.5, message: 'quantile of an empty list: measure at least one round' },
    { values: [1], q: 1.5, message: 'quantile q must be within 0..1, got 1.5' },
  ])('quantile refuses $values / $q', ({ values, q, message }) => {
    expect(() => quantile(values, q)).toThrow(new RangeError(message));
  });

  test.each([
    // [x(j), x(n-1-j)] covers the median with probability 1 - 2 P(Binomial(n, 1/2) <= j)
    { n: 15, low: 4, high: 12, confidence: 1 - (2 * (1 + 15 + 105 + 455)) / 2 ** 15 },
    { n: 45, low: 16, high: 30, confidence: 0.9643 },
    { n: 6, low: 1, high: 6, confidence: 1 - 2 / 2 ** 6 },
    // too few values for 95%: [min, max], with the coverage it really has
    { n: 5, low: 1, high: 5, confidence: 1 - 2 / 2 ** 5 },
    { n: 1, low: 1, high: 1, confidence: 0 },
  ])('medianInterval of 1..$n is $low-$high', ({ n, low, high, confidence }) => {
    const values = Array.from({ length: n }, (_, index) => n - index); // unsorted on purpose
    const interval = medianInterval(values);
    expect([interval.low, interval.high]).toEqual([low, high]);
    expect(interval.confidence).toBeCloseTo(confidence, 4);
  });

  test.each([
    { values: [], confidence: 0.95, message: 'medianInterval of an empty list: measure at least one round' },
    {
      values: [1],
      confidence: 1,
      message: 'medianInterval confidence must be between 0 and 1 (exclusive), got 1',
    },
  ])('medianInterval refuses $message', ({ values, confidence, message }) => {
    expect(() => medianInterval(values, confidence)).toThrow(new RangeError(message));
  });

  test('spread gives median, quartiles and range', () => {
    expect(spread([5, 1, 4, 2, 3])).toEqual({ median: 3, p25: 2, p75: 4, min: 1, max: 5, count: 5 });
  });

  test('rotation puts every task in every position once over `count` rounds', () => {
    const orders = [0, 1, 2].map((round) => rotation(3, round));
    expect(orders).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
    expect(rotation(3, -1)).toEqual([2, 0, 1]);
  });
});

describe('controls', () => {
  test('the A/A copy follows the control and is not itself the control', () => {
    const tasks = withAaControl([
      { name: 'ours', fn: () => 1 },
      { name: 'peer', fn: () => 2, control: true },
    ]);
    expect(tasks.map(({ name, control, aa }) => ({ name, control, aa }))).toEqual([
      { name: 'ours', control: undefined, aa: false },
      { name: 'peer', control: true, aa: false },
      { name: 'peer (A/A control)', control: false, aa: true },
    ]);
  });

  test.each([
    {
      tasks: [{ name: 'a', fn: () => 1 }],
      message: 'compare: exactly one task needs control: true, got 0 (a)',
    },
    {
      tasks: [
        { name: 'a', fn: () => 1, control: true },
        { name: 'b', fn: () => 1, control: true },
      ],
      message: 'compare: exactly one task needs control: true, got 2 (a, b)',
    },
    {
      tasks: [
        { name: 'a', fn: () => 1, control: true },
        { name: 'a', fn: () => 1 },
      ],
      message: 'compare: task names must be unique',
    },
  ])('refuses $message', ({ tasks, message }) => {
    expect(() => withAaControl(tasks)).toThrow(new TypeError(message));
  });

  test('ratios are taken within each round, then summarized', () => {
    const tasks = withAaControl([
      { name: 'ours', fn: () => 1 },
      { name: 'peer', fn: () => 1, control: true },
    ]);
    // Round 2 is twice as slow for everyone: the within-round ratio does not move.
    const result = summarize('t', 'sync', 's', tasks, [
      [150, 300, 150],
      [100, 200, 100],
      [110, 180, 100],
    ]);
    expect(result.tasks[0]?.ratio).toMatchObject({ median: 1.5, min: 1.5, max: 1.5 });
    expect(result.tasks[1]?.ratio.median).toBe(1);
    expect(result.tasks[2]?.ratio).toMatchObject({ median: 1, min: 0.9, max: 1.1 });
    expect(result.tasks[0]?.ns.median).toBe(150);
    // three rounds are too few for 95%: the interval is the range, with its real coverage (75%)
    expect(result.tasks[2]?.ratioInterval).toEqual({ low: 0.9, high: 1.1, confidence: 0.75 });
  });
});

test('compareAsync runs every task, the A/A copy included, perBlock times per round after the warm-up', async () => {
  const calls = { ours: 0, peer: 0 };
  const result = await compareAsync({
    title: 'async',
    rounds: 3,
    perBlock: 4,
    warmupRounds: 1,
    tasks: [
      { name: 'ours', fn: async () => ++calls.ours },
      { name: 'peer', fn: async () => ++calls.peer, control: true },
    ],
  });
  expect(calls).toEqual({ ours: 4 * 4, peer: 2 * 4 * 4 });
  expect(result.tasks.map((task) => [task.name, task.ns.count])).toEqual([
    ['ours', 3],
    ['peer', 3],
    ['peer (A/A control)', 3],
  ]);
});

describe('compareThroughput', () => {
  test('blockOrder: over 6 blocks, 3 tasks run in all 6 orders, so each follows each other equally often', () => {
    const orders = [0, 1, 2, 3, 4, 5].map((step) => blockOrder(3, step).join(''));
    expect(new Set(orders).size).toBe(6);
    const follows = new Map<string, number>();
    for (const order of orders) {
      for (let index = 1; index < order.length; index++) {
        const pair = `${order[index - 1]}>${order[index]}`;
        follows.set(pair, (follows.get(pair) ?? 0) + 1);
      }
    }
    expect([...follows.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  test('alternates the tasks block by block, the A/A copy on its own function, and divides by operations', async () => {
    const order: string[] = [];
    const block = (name: string) => async () => {
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 4));
    };
    const result = await compareThroughput({
      title: 'echo',
      rounds: 2,
      blocksPerRound: 3,
      warmupRounds: 1,
      operations: 100,
      tasks: [
        { name: 'ours', fn: block('ours') },
        { name: 'peer', fn: block('peer'), aaFn: block('peer copy'), control: true },
      ],
    });
    // (1 warm-up + 2 rounds) x 3 blocks x 3 tasks, each block a full rotation of the three
    expect(order).toHaveLength(27);
    expect(order.slice(0, 9)).toEqual([
      'peer copy',
      'peer',
      'ours',
      'peer',
      'peer copy',
      'ours',
      'peer',
      'ours',
      'peer copy',
    ]);
    for (const comparison of [result.wall, result.cpu]) {
      expect(comparison.tasks.map((task) => [task.name, task.aa, task.ns.count])).toEqual([
        ['ours', false, 2],
        ['peer', false, 2],
        ['peer (A/A control)', true, 2],
      ]);
    }
    expect(result.wall.title).toBe('echo (wall time)');
    expect(result.cpu.statistic).toBe(
      "median of 3 blocks of 100 operations per round, ns/op of this process's CPU time",
    );
    // a 4 ms wait per block of 100 operations: about 40 µs of wall time per operation (a block would
    // have to take 100 ms to reach 1 ms), and the waiting costs (almost) no CPU time
    const wall = result.wall.tasks[0]?.ns.median ?? 0;
    expect(wall).toBeGreaterThan(20e3);
    expect(wall).toBeLessThan(1e6);
    expect(result.cpu.tasks[0]?.ns.median).toBeLessThan(wall);
  });

  test.each([
    { option: { operations: 0 }, message: 'compareThroughput: operations must be a positive integer, got 0' },
    {
      option: { operations: 2, rounds: 1.5 },
      message: 'compareThroughput: rounds must be a positive integer, got 1.5',
    },
    {
      option: { operations: 2, blocksPerRound: -1 },
      message: 'compareThroughput: blocksPerRound must be a positive integer, got -1',
    },
  ])('refuses $message', async ({ option, message }) => {
    await expect(
      compareThroughput({ title: 't', tasks: [{ name: 'a', fn: async () => 1, control: true }], ...option }),
    ).rejects.toThrow(new RangeError(message));
  });
});
