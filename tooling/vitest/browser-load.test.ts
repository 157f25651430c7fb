import { join } from 'node:path';
import { runInContext } from 'node:vm';
import { loadInBrowserLikeContext } from '@ws-compat/vitest-config/browser-load';
import { describe, expect, test } from 'vitest';
import { useFixturePackage } from './_test/fixture.js';

const fixture = useFixturePackage();

describe('loadInBrowserLikeContext', () => {
  test('no process, Buffer or require; the entry and its relative imports load', () => {
    const { exports, context } = loadInBrowserLikeContext({ entry: join(fixture(), 'index.ts') });
    expect(runInContext('typeof process + typeof Buffer + typeof require + typeof global', context)).toBe(
      'undefinedundefinedundefinedundefined',
    );
    expect(runInContext('typeof URL + typeof EventTarget + typeof TextEncoder', context)).toBe(
      'functionfunctionfunction',
    );
    expect(exports['answer']).toBe(42);
  });

  test('every load is its own copy: module state is not shared', () => {
    const first = loadInBrowserLikeContext({ entry: join(fixture(), 'index.ts') }).exports[
      'count'
    ] as () => number;
    const second = loadInBrowserLikeContext({ entry: join(fixture(), 'index.ts') }).exports[
      'count'
    ] as () => number;
    expect([first(), first(), second()]).toEqual([1, 2, 1]);
  });

  test('the console is the one given', () => {
    const warnings: string[] = [];
    const { exports } = loadInBrowserLikeContext({
      entry: join(fixture(), 'warns.ts'),
      console: { warn: (...args: unknown[]) => warnings.push(args.join(' ')) },
    });
    (exports['warn'] as (text: string) => void)('hi');
    expect(warnings).toEqual(['[pkg] hi']);
  });

  test('an import a browser cannot load throws, naming it', () => {
    expect(() => loadInBrowserLikeContext({ entry: join(fixture(), 'needs-node.ts') })).toThrow(
      'the package imports node:buffer, which a browser cannot load',
    );
  });
});
