import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cell, SAMPLE_CELLS, sampleMatrix } from './_test-matrix.js';
import { mergeMatrices } from './merge.js';
import { cellKey } from './model.js';
import { selectShard } from './shard.js';

describe('mergeMatrices', () => {
  test('any split into shards merges back to the whole run: the same cells and summary', () => {
    const cellArbitrary = fc.record({
      client: fc.constantFrom('ws@8.23.0', 'undici@5.29.0', 'chromium@156', 'aiohttp@3.8.4'),
      server: fc.constantFrom('ws@2.3.1', 'ws@8.23.0', 'crossws@0.4.17'),
      scenario: fc.constantFrom('subprotocol', 'multi-protocol', 'failure-settles', 'query'),
      status: fc.constantFrom('pass', 'fail', 'expected-fail', 'unexpected-pass', 'skipped' as const),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(cellArbitrary, { selector: cellKey, minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (drawn, count) => {
          const cells = drawn.map((entry) => cell(entry.client, entry.server, entry.scenario, entry.status));
          const whole = sampleMatrix(cells);
          const parts = Array.from({ length: count }, (_, position) => ({
            name: `shard-${position + 1}.json`,
            matrix: sampleMatrix(selectShard(cells, { index: position + 1, count }), {
              environment: { node: '20.20.2', platform: 'linux-x64', shard: `${position + 1}/${count}` },
            }),
          }));
          const merged = mergeMatrices(parts);
          expect(merged.cells).toEqual([...whole.cells].sort((a, b) => (cellKey(a) < cellKey(b) ? -1 : 1)));
          expect(merged.summary).toEqual(whole.summary);
        },
      ),
    );
  });

  test('the merge of all shards is the whole matrix', () => {
    const whole = sampleMatrix(SAMPLE_CELLS);
    const parts = [1, 2, 3].map((index) => ({
      name: `shard-${index}.json`,
      matrix: sampleMatrix(selectShard(SAMPLE_CELLS, { index, count: 3 }), {
        generatedAt: `2026-11-22T00:00:0${index}.000Z`,
        environment: { node: '20.20.2', platform: 'linux-x64', shard: `${index}/3` },
      }),
    }));
    const merged = mergeMatrices(parts);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.cells).toEqual([...SAMPLE_CELLS].sort((a, b) => (cellKey(a) < cellKey(b) ? -1 : 1)));
    expect(merged.generatedAt).toBe('2026-11-22T00:00:03.000Z');
    expect(merged.clients).toEqual(whole.clients);
    expect(merged.environment).toEqual({ node: '20.20.2', platform: 'linux-x64', merged: '3 reports' });
  });

  test('the merged environment lists the runtimes of every shard', () => {
    const parts = ['node@18.20.8, node@24.21.0', 'node@18.20.8, node@24.22.3'].map((runtimes, index) => ({
      name: `shard-${index + 1}.json`,
      matrix: sampleMatrix(selectShard(SAMPLE_CELLS, { index: index + 1, count: 2 }), {
        environment: { node: '20.20.2', platform: 'linux-x64', runtimes, shard: `${index + 1}/2` },
      }),
    }));
    expect(mergeMatrices(parts).environment).toEqual({
      node: '20.20.2',
      platform: 'linux-x64',
      runtimes: 'node@18.20.8, node@24.21.0, node@24.22.3',
      merged: '2 reports',
    });
  });

  test('an implementation skipped in one shard but run in another counts as run', () => {
    const skipped = sampleMatrix([], {
      clients: [
        { id: 'ws@8.23.0', family: 'ws', version: '8.23.0', runtime: 'node@20', skipped: 'no runtime' },
      ],
    });
    const ran = sampleMatrix([cell('ws@8.23.0', 'ws@2.3.1', 'subprotocol', 'pass')]);
    const merged = mergeMatrices([
      { name: 'a', matrix: skipped },
      { name: 'b', matrix: ran },
    ]);
    expect(merged.clients.find((client) => client.id === 'ws@8.23.0')?.skipped).toBeNull();
  });

  test('a cell in two shards is refused', () => {
    const one = sampleMatrix([cell('ws@8.23.0', 'ws@2.3.1', 'subprotocol', 'pass')]);
    expect(() =>
      mergeMatrices([
        { name: 'a.json', matrix: one },
        { name: 'b.json', matrix: one },
      ]),
    ).toThrow(
      'cell ws@8.23.0|ws@2.3.1|subprotocol is in both a.json and b.json: were the shards run with different --shard n?',
    );
  });

  test.each([
    { name: 'not an object', value: 'x' },
    { name: 'another schema', value: { ...sampleMatrix([]), schema: 2 } },
    { name: 'no cells', value: { schema: 1, clients: [], servers: [], scenarios: [] } },
  ])('refuses $name', ({ value }) => {
    expect(() => mergeMatrices([{ name: 'bad.json', matrix: value }])).toThrow(
      'bad.json is not a conformance matrix.json (schema 1 with clients, servers, scenarios, cells)',
    );
  });

  test('refuses nothing to merge', () => {
    expect(() => mergeMatrices([])).toThrow('merge needs at least one matrix.json');
  });
});
