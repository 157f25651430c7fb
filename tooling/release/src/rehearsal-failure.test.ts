import { expect, test } from 'vitest';
import { RehearsalFailure, summarizeFailures } from './rehearsal-failure.js';

test('a failure reads "<package>: <problem> [<where>]"', () => {
  expect(
    new RehearsalFailure('@ws-compat/query-params', 'broken', { where: 'ESM on node 18.20.8' }).message,
  ).toBe('@ws-compat/query-params: broken [ESM on node 18.20.8]');
  expect(new RehearsalFailure(null, 'Verdaccio did not start').message).toBe(
    'release pipeline: Verdaccio did not start',
  );
});

test('the summary merges one problem seen in several places, in the order first seen', () => {
  const failures = [
    new RehearsalFailure('@ws-compat/query-params', 'x is not a function', { where: 'ESM on node 20.20.2' }),
    new RehearsalFailure('@ws-compat/header-options', 'other', { where: 'ESM on node 20.20.2' }),
    new RehearsalFailure('@ws-compat/query-params', 'x is not a function', { where: 'CJS on node 18.20.8' }),
    new RehearsalFailure('@ws-compat/query-params', 'x is not a function', { where: 'CJS on node 18.20.8' }),
    new RehearsalFailure(null, 'no Node 18 runtime'),
  ];
  expect(summarizeFailures(failures)).toEqual([
    '@ws-compat/query-params: x is not a function [ESM on node 20.20.2; CJS on node 18.20.8]',
    '@ws-compat/header-options: other [ESM on node 20.20.2]',
    'release pipeline: no Node 18 runtime',
  ]);
});
