import { expectTypeOf, test } from 'vitest';
import {
  type CodemodErrorCode,
  clientOptions,
  type FileReport,
  isTransformSelection,
  type Note,
  type RunResult,
  runCodemod,
  type TransformResult,
  type TransformSelection,
  transformSource,
  ws8,
} from './index.js';

test('runCodemod resolves to per-file reports', () => {
  expectTypeOf(runCodemod).parameter(0).toHaveProperty('transform').toEqualTypeOf<TransformSelection>();
  expectTypeOf(runCodemod({ transform: 'all', paths: ['src'] })).resolves.toEqualTypeOf<RunResult>();
  expectTypeOf<FileReport['status']>().toEqualTypeOf<'changed' | 'unchanged' | 'failed'>();
  expectTypeOf<FileReport['notes']>().toEqualTypeOf<readonly Note[]>();
});

test('transforms take a text and a path and give output, changed, notes', () => {
  expectTypeOf(ws8).toEqualTypeOf<(source: string, filePath: string) => TransformResult>();
  expectTypeOf(clientOptions('', 'a.ts').notes).toEqualTypeOf<readonly Note[]>();
  // @ts-expect-error: a transform name is checked at compile time
  transformSource('ws7', '', 'a.js');
});

test('names and codes are closed unions', () => {
  expectTypeOf<TransformSelection>().toEqualTypeOf<
    'ws8' | 'client-options' | 'request-query' | 'client-address' | 'all'
  >();
  expectTypeOf<CodemodErrorCode>().toExtend<string>();
  const name: string = 'ws8';
  if (isTransformSelection(name)) expectTypeOf(name).toEqualTypeOf<TransformSelection>();
});
