import { describe, expect, test } from 'vitest';
import { entryPointProblems, listExportsTargets } from './exports-map.js';

const dual = {
  '.': {
    import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
  },
  './package.json': './package.json',
};
const files = new Set([
  'package.json',
  'dist/index.mjs',
  'dist/index.cjs',
  'dist/index.d.mts',
  'dist/index.d.cts',
]);

describe('listExportsTargets', () => {
  test('names every leaf the way a reader writes it', () => {
    expect(listExportsTargets(dual).map((target) => target.location)).toEqual([
      'exports["."].import.types',
      'exports["."].import.default',
      'exports["."].require.types',
      'exports["."].require.default',
      'exports["./package.json"]',
    ]);
  });
});

describe('entryPointProblems', () => {
  test.each([
    {
      name: 'the dual package as built',
      manifest: { exports: dual, main: './dist/index.cjs' },
      problems: [],
    },
    {
      name: 'an exports target missing from the tarball',
      manifest: {
        exports: {
          '.': { ...dual['.'], import: { types: './dist/index.d.mts', default: './dist/gone.mjs' } },
        },
      },
      problems: ['exports["."].import.default points to ./dist/gone.mjs, which is not in the tarball'],
    },
    {
      name: 'a target without ./',
      manifest: { exports: { '.': 'dist/index.mjs' } },
      problems: ['exports["."] is "dist/index.mjs": exports targets must start with "./"'],
    },
    {
      name: 'types after default',
      manifest: { exports: { '.': { default: './dist/index.mjs', types: './dist/index.d.mts' } } },
      problems: [
        'exports["."] lists "types" after "default": TypeScript takes the first match; put "types" first',
      ],
    },
    {
      name: 'no exports map',
      manifest: { main: './dist/index.cjs' },
      problems: ['package.json has no "exports" map'],
    },
    {
      name: 'a legacy field pointing nowhere',
      manifest: { exports: dual, types: './dist/index.d.ts' },
      problems: ['"types" points to ./dist/index.d.ts, which is not in the tarball'],
    },
    { name: 'null means not exported', manifest: { exports: { ...dual, './internal': null } }, problems: [] },
  ])('$name', ({ manifest, problems }) => {
    expect(entryPointProblems(manifest, files)).toEqual(problems);
  });
});
