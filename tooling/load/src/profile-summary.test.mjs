// @ts-check
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { summarizeProfile } from './profile-summary.mjs';

const frame = (/** @type {string} */ functionName, /** @type {string} */ url) => ({
  functionName,
  url,
  lineNumber: 0,
});

test('self time by area, charged to the nearest library frame, and inclusive time of our functions without ws callbacks', () => {
  // root -> verifyClient (ours) -> completeUpgrade (ws) -> write (node core)
  //                             -> getpeername (node core)
  // root -> (idle); root -> (garbage collector)
  const nodes = [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 6, 7] },
    {
      id: 2,
      callFrame: frame('verifyClient', 'file:///repo/packages/connection-context/dist/index.mjs'),
      children: [3, 5],
    },
    {
      id: 3,
      callFrame: frame(
        'completeUpgrade',
        'file:///repo/node_modules/.pnpm/ws@8.23.0/node_modules/ws/lib/websocket-server.js',
      ),
      children: [4],
    },
    { id: 4, callFrame: frame('write', 'node:net') },
    { id: 5, callFrame: frame('getpeername', 'node:net') },
    { id: 6, callFrame: frame('(idle)', '') },
    { id: 7, callFrame: frame('(garbage collector)', '') },
  ];
  // 1 ms per sample: write 4, getpeername 2, verifyClient itself 1, idle 10, gc 3.
  const samples = [4, 4, 4, 4, 5, 5, 2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7];
  const directory = mkdtempSync(join(tmpdir(), 'ws-compat-profile-'));
  try {
    const file = join(directory, 'test.cpuprofile');
    writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 1000) }));
    const summary = summarizeProfile(file);
    expect(summary.totalMs).toBe(10);
    expect(summary.areas).toEqual([
      { area: 'node core', ms: 6, share: 60 },
      { area: 'gc', ms: 3, share: 30 },
      { area: '@ws-compat/connection-context', ms: 1, share: 10 },
    ]);
    expect(summary.charged).toEqual([
      { area: 'ws', ms: 4, share: 40 },
      { area: '@ws-compat/connection-context', ms: 3, share: 30 },
      { area: 'gc', ms: 3, share: 30 },
    ]);
    // verifyClient's stack also holds 4 ms of ws completing the upgrade inside its callback: those are ws's.
    expect(summary.ours).toEqual([
      { name: 'verifyClient index.mjs:1', area: '@ws-compat/connection-context', ms: 3, share: 30 },
    ]);
    expect(summary.functions[0]).toEqual({ name: 'write node:net:1', area: 'node core', ms: 4, share: 40 });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
