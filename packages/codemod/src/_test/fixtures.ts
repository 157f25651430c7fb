import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSFORM_NAMES, type TransformSelection } from '../types.js';

/** One fixture: `<name>.<ext>.input`, and `<name>.<ext>.output` unless the file must stay untouched. */
export interface Fixture {
  readonly transform: TransformSelection;
  /** The name the transform sees (picks the parser and module style), e.g. `echo-server.cjs`. */
  readonly file: string;
  readonly input: string;
  /** `undefined`: a look-alike or a notes-only case that must come out byte for byte. */
  readonly output: string | undefined;
}

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'fixtures');

/** Every fixture pair under `src/_test/fixtures/<transform>/` (`all/`: the transforms together). */
export function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const transform of [...TRANSFORM_NAMES, 'all' as const]) {
    const folder = join(root, transform);
    for (const entry of readdirSync(folder).sort()) {
      if (!entry.endsWith('.input')) continue;
      const file = entry.slice(0, -'.input'.length);
      const outputPath = join(folder, `${file}.output`);
      fixtures.push({
        transform,
        file,
        input: readFileSync(join(folder, entry), 'utf8'),
        output: existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : undefined,
      });
    }
  }
  return fixtures;
}
