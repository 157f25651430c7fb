// @ts-check
import { describe, expect, test } from 'vitest';
import { evaluateTargets, formatBytes, formatTable } from './report.mjs';

/** A report where every target is met; each row below changes one thing. */
const passing = {
  handshake: {
    bare: 1000,
    ours: 990,
    ratio: 0.99,
    handWritten: 900,
    oursAllChecks: 880,
    vsHandWritten: 0.978,
    control: 1.01,
    upgradeAllChecks: 905,
    vsHandWrittenUpgrade: 0.97,
  },
  connect: [
    { client: 'ws@8.23.0', ratio: 1, control: 0.99 },
    { client: 'undici@7.30.2', ratio: 0.97, control: 1.02 },
  ],
  concurrency: { connections: 10_000, errors: 0, heapPerConnectionBytes: 5000, rssPerConnectionBytes: 9000 },
  soak: { cycles: 100_000, heapGrowthBytes: 4_999_999, errors: 0 },
  hostile: { honest: 5000, honestFailed: 0, hostile: 20_000, unexpectedStatus: 0, serverCrashed: false },
};
const extra = { plannedConnections: 10_000, hostileHeapGrowthBytes: 1_999_999 };

describe('evaluateTargets', () => {
  test('every target met', () => {
    const targets = evaluateTargets(passing, extra);
    expect(Object.keys(targets)).toEqual([
      'handshake.ratio>=0.97',
      'handshake.vsHandWritten>=0.97',
      'handshake.vsHandWrittenUpgrade>=0.97',
      'connect.ws@8.23.0.ratio>=0.97',
      'connect.undici@7.30.2.ratio>=0.97',
      'concurrency.allConnectionsHeld',
      'concurrency.zeroErrors',
      'soak.heapGrowth<5MB',
      'soak.zeroErrors',
      'hostile.honestAllEchoed',
      'hostile.exactStatuses',
      'hostile.serverAlive',
      'hostile.memoryBackToBaseline',
    ]);
    expect(Object.values(targets).every(Boolean)).toBe(true);
  });

  test.each([
    {
      name: 'handshake ratio just under',
      change: { handshake: { ...passing.handshake, ours: 969, ratio: 0.969 } },
      missed: 'handshake.ratio>=0.97',
    },
    {
      name: 'all checks just under the same checks by hand',
      change: { handshake: { ...passing.handshake, vsHandWritten: 0.969 } },
      missed: 'handshake.vsHandWritten>=0.97',
    },
    {
      name: 'all checks through createUpgradeHandler just under the same checks by hand',
      change: { handshake: { ...passing.handshake, vsHandWrittenUpgrade: 0.969 } },
      missed: 'handshake.vsHandWrittenUpgrade>=0.97',
    },
    {
      name: 'the A/A controls far from 1 decide nothing',
      change: {
        handshake: { ...passing.handshake, control: 0.5 },
        connect: passing.connect.map((entry) => ({ ...entry, control: 1.5 })),
      },
      missed: [],
    },
    {
      name: 'handshake part did not run',
      change: { handshake: null },
      missed: [
        'handshake.ratio>=0.97',
        'handshake.vsHandWritten>=0.97',
        'handshake.vsHandWrittenUpgrade>=0.97',
      ],
    },
    {
      name: 'one client under',
      change: { connect: [{ client: 'ws@8.23.0', ratio: 0.96, control: 1 }] },
      missed: 'connect.ws@8.23.0.ratio>=0.97',
    },
    { name: 'connect part did not run', change: { connect: null }, missed: 'connect.ratio>=0.97' },
    {
      name: 'fewer connections held than planned',
      change: { concurrency: { ...passing.concurrency, connections: 9_999 } },
      missed: 'concurrency.allConnectionsHeld',
    },
    {
      name: 'one concurrency error',
      change: { concurrency: { ...passing.concurrency, errors: 1 } },
      missed: 'concurrency.zeroErrors',
    },
    {
      name: 'soak grew 5 MB',
      change: { soak: { ...passing.soak, heapGrowthBytes: 5_000_000 } },
      missed: 'soak.heapGrowth<5MB',
    },
    { name: 'one soak error', change: { soak: { ...passing.soak, errors: 1 } }, missed: 'soak.zeroErrors' },
    {
      name: 'one honest client failed',
      change: { hostile: { ...passing.hostile, honestFailed: 1 } },
      missed: 'hostile.honestAllEchoed',
    },
    {
      name: 'one wrong status',
      change: { hostile: { ...passing.hostile, unexpectedStatus: 1 } },
      missed: 'hostile.exactStatuses',
    },
    {
      name: 'server crashed',
      change: { hostile: { ...passing.hostile, serverCrashed: true } },
      missed: 'hostile.serverAlive',
    },
  ])('$name: misses $missed and nothing else', ({ change, missed }) => {
    const targets = evaluateTargets({ ...passing, ...change }, extra);
    const names = Object.entries(targets)
      .filter(([, passed]) => !passed)
      .map(([name]) => name);
    expect(names).toEqual([missed].flat());
  });

  test.each([
    { name: '2 MB above baseline', growth: 2_000_000 },
    { name: 'not measured (server gone)', growth: null },
  ])('hostile memory: $name misses', ({ growth }) => {
    const targets = evaluateTargets(passing, { ...extra, hostileHeapGrowthBytes: growth });
    expect(targets['hostile.memoryBackToBaseline']).toBe(false);
  });
});

describe('formatBytes', () => {
  test.each([
    { bytes: 0, text: '0 B' },
    { bytes: 9_999, text: '9999 B' },
    { bytes: -48_312, text: '-48.3 kB' },
    { bytes: 5_000_000, text: '5.00 MB' },
  ])('$bytes -> $text', ({ bytes, text }) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

test('formatTable pads every column to its widest cell', () => {
  expect(formatTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
});
