import { NodeRuntimeError } from '@ws-compat/node-runtimes';
import { describe, expect, test } from 'vitest';
import { listRuntimes, mergeRuntimes, runtimeProblem } from './runtimes.js';

describe('listRuntimes', () => {
  test.each([
    {
      name: 'each runtime once, Node first in numeric version order, then browsers',
      entries: [
        'chromium@156.0.8078.114',
        'node@22.23.5',
        'node@18.20.8',
        'node@20.20.2',
        'node@18.20.8',
        'node@9.1.0',
      ],
      expected: 'node@9.1.0, node@18.20.8, node@20.20.2, node@22.23.5, chromium@156.0.8078.114',
    },
    { name: 'nothing ran', entries: [], expected: '' },
  ])('$name', ({ entries, expected }) => {
    expect(listRuntimes(entries.map((runtime) => ({ runtime, skipped: null })))).toBe(expected);
  });

  test('a skipped implementation did not run on its runtime', () => {
    expect(
      listRuntimes([
        { runtime: 'node@18.20.8', skipped: null },
        { runtime: 'node@24', skipped: 'Node 24 is not available: ...' },
        { runtime: 'chromium', skipped: 'Chromium is not installed' },
      ]),
    ).toBe('node@18.20.8');
  });
});

describe('mergeRuntimes', () => {
  test.each([
    {
      name: 'shards on the same runtimes',
      lists: ['node@18.20.8, node@20.20.2', 'node@18.20.8, chromium@156.0.1'],
      expected: 'node@18.20.8, node@20.20.2, chromium@156.0.1',
    },
    {
      name: 'a shard on another Node 24 shows both',
      lists: ['node@24.21.0', 'node@24.22.3', undefined],
      expected: 'node@24.21.0, node@24.22.3',
    },
    { name: 'no runtimes recorded', lists: [undefined, ''], expected: '' },
  ])('$name', ({ lists, expected }) => {
    expect(mergeRuntimes(lists)).toBe(expected);
  });
});

describe('runtimeProblem', () => {
  test.each([
    { code: 'INTEGRITY_MISMATCH', broken: true },
    { code: 'INTEGRITY_MISSING', broken: true },
    { code: 'LOCK_INVALID', broken: true },
    { code: 'REGISTRY_FAILED', broken: false },
    { code: 'DOWNLOAD_FAILED', broken: false },
    { code: 'NOT_LOCKED', broken: false },
    { code: 'UNSUPPORTED_PLATFORM', broken: false },
  ] as const)('$code: broken $broken', ({ code, broken }) => {
    expect(runtimeProblem(24, new NodeRuntimeError(code, 'the message'))).toEqual({
      reason: `Node 24 ${broken ? 'is refused' : 'is not available'}: ${code}: the message`,
      broken,
    });
  });

  test('an error without a code is a skip, with its message', () => {
    expect(runtimeProblem(18, new Error('spawn npm ENOENT'))).toEqual({
      reason: 'Node 18 is not available: spawn npm ENOENT',
      broken: false,
    });
  });
});
