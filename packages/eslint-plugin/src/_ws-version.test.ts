import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import semver from 'semver';
import { afterAll, describe, expect, test } from 'vitest';
import { clearWsVersionCache, rangeAllowsBelow, rangeAllowsWs8, wsVersionRange } from './_ws-version.js';

const root = mkdtempSync(join(tmpdir(), 'ws-compat-eslint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(path: string, manifest: unknown): string {
  const directory = join(root, path);
  mkdirSync(join(directory, 'src', 'deep'), { recursive: true });
  writeFileSync(
    join(directory, 'package.json'),
    typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  );
  return directory;
}

describe('wsVersionRange', () => {
  const app = project('app', { dependencies: { ws: '^8.18.0' } });
  const dev = project('dev', { devDependencies: { ws: '~7.5.0' } });
  const alias = project('alias', { dependencies: { ws: 'npm:ws@8.23.0' } });
  const nested = project('nested', { name: 'no-ws-here' });
  const inner = project('nested/packages/inner', { peerDependencies: { ws: '>=8.22.0' } });
  const broken = project('broken', '{ not json');
  const workspace = project('workspace', { dependencies: { ws: 'workspace:*' } });

  test.each([
    ['the nearest package.json, from a nested folder', join(app, 'src/deep/file.js'), '^8.18.0'],
    ['devDependencies', join(dev, 'src/file.js'), '~7.5.0'],
    ['an npm alias', join(alias, 'file.js'), '8.23.0'],
    ['a package.json without ws: keep walking up, none found', join(nested, 'src/file.js'), null],
    ['a nested package with its own ws', join(inner, 'src/file.js'), '>=8.22.0'],
    ['an unreadable package.json is skipped', join(broken, 'file.js'), null],
    ['a range that is not a version', join(workspace, 'file.js'), null],
    ['no physical file', '<input>', null],
  ])('%s', (_name, filename, expected) => {
    expect(wsVersionRange(filename, undefined)?.range ?? null).toBe(expected);
  });

  test('the option wins, and an invalid option is ignored', () => {
    expect(wsVersionRange(join(app, 'file.js'), '7.5.10')).toEqual({ range: '7.5.10', source: 'option' });
    expect(wsVersionRange(join(app, 'file.js'), 'not a range')).toEqual({
      range: '^8.18.0',
      source: 'package.json',
    });
  });

  test('each directory is read once: a changed package.json is seen only after clearing the cache', () => {
    const changing = project('changing', { dependencies: { ws: '^7.0.0' } });
    expect(wsVersionRange(join(changing, 'src/file.js'), undefined)?.range).toBe('^7.0.0');
    writeFileSync(join(changing, 'package.json'), JSON.stringify({ dependencies: { ws: '^8.0.0' } }));
    expect(wsVersionRange(join(changing, 'src/file.js'), undefined)?.range).toBe('^7.0.0');
    clearWsVersionCache();
    expect(wsVersionRange(join(changing, 'src/file.js'), undefined)?.range).toBe('^8.0.0');
  });
});

describe('range predicates', () => {
  test.each([
    ['^8.18.0', true],
    ['^8.22.0', false],
    ['8.21.3', true],
    ['>=8.22.0', false],
    ['^7.5.0', true],
    ['*', true],
    ['8', true],
  ])('rangeAllowsBelow(%s, 8.22.0) is %s', (range, expected) => {
    expect(rangeAllowsBelow(range, '8.22.0')).toBe(expected);
  });

  test.each([
    ['^8.0.0', true],
    ['^7.5.0', false],
    ['>=7', true],
    ['*', true],
    ['~6.2.0', false],
  ])('rangeAllowsWs8(%s) is %s', (range, expected) => {
    expect(rangeAllowsWs8(range)).toBe(expected);
  });
});

describe('the range answer caches', () => {
  // Module-level memo tables keyed by the range string: interleaved questions about different ranges must
  // each get semver's own answer, whatever was asked before.
  const version = fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 5 }))
    .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);
  const range = fc.oneof(
    version,
    version.map((v) => `^${v}`),
    version.map((v) => `~${v}`),
    version.map((v) => `>=${v}`),
    fc.tuple(version, version).map(([a, b]) => `${a} - ${b}`),
    fc.constantFrom('*', '8', '7.x', '^8.22.0 || ^7.0.0'),
  );

  test('every answer equals semver asked directly, in any interleaving', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(range, version), { minLength: 1, maxLength: 30 }), (questions) => {
        for (const [asked, below] of questions) {
          const lowest = semver.minVersion(asked);
          expect(rangeAllowsBelow(asked, below)).toBe(lowest === null || semver.lt(lowest, below));
          expect(rangeAllowsWs8(asked)).toBe(semver.intersects(asked, '>=8.0.0'));
        }
      }),
    );
  });
});
