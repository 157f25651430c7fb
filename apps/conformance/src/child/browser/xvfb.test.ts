import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startXvfb, xvfbArgs } from './xvfb.js';

const folder = mkdtempSync(join(tmpdir(), 'xvfb-'));
/** A stand-in X server: a shell script that behaves like one case of Xvfb. */
function fakeXvfb(name: string, script: string): string {
  const path = join(folder, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('startXvfb', () => {
  test('asks for the display on fd 3 and no TCP', () => {
    expect(xvfbArgs()).toEqual(['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24']);
  });

  test('resolves with the display the server reports on fd 3, and stop() ends it', async () => {
    const server = await startXvfb(fakeXvfb('reports', 'echo 42 >&3; exec sleep 30'), 5_000);
    expect(server.display).toBe(':42');
    server.stop();
  });

  test.each([
    {
      name: 'exits',
      script: 'echo "(EE) Fatal server error: no screens" >&2; exit 1',
      message: /^Xvfb \(.*exits\) exited \(1\): \(EE\) Fatal server error: no screens$/,
    },
    {
      name: 'silent',
      script: 'exec sleep 30',
      message: /^Xvfb \(.*silent\) reported no display within 300 ms$/,
    },
  ])('fails when the server $name', async ({ name, script, message }) => {
    await expect(startXvfb(fakeXvfb(name, script), 300)).rejects.toThrow(message);
  });

  test('fails when there is no such binary', async () => {
    await expect(startXvfb(join(folder, 'missing'), 1_000)).rejects.toThrow(
      `Xvfb (${join(folder, 'missing')}) did not start: spawn ${join(folder, 'missing')} ENOENT`,
    );
  });
});
