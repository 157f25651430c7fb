import { join } from 'node:path';
import { jsonLines, runNode } from '@ws-compat/vitest-config/child';
import { describe, expect, test } from 'vitest';
import { useFixturePackage } from './_test/fixture.js';

const fixture = useFixturePackage();

describe('runNode', () => {
  test.each([
    {
      name: 'exit code and both streams',
      args: ['-e', 'console.log("{\\"a\\":1}"); console.log("text"); console.error("oops"); process.exit(3)'],
      options: {},
      expected: { code: 3, stdout: '{"a":1}\ntext\n', stderr: 'oops\n' },
    },
    {
      name: 'killed after limitMs: code null',
      args: ['-e', 'console.log("started"); setTimeout(() => {}, 60_000)'],
      options: { limitMs: 5_000 },
      expected: { code: null, stdout: 'started\n', stderr: '' },
    },
  ])('$name', async ({ args, options, expected }) => {
    expect(await runNode(args, options)).toEqual(expected);
  });

  test('a binary that cannot start: code null and the reason, no rejection', async () => {
    const execPath = join(fixture(), 'no-such-node');
    const result = await runNode(['-v'], { execPath });
    expect(result.code).toBe(null);
    expect(result.stderr).toBe(`${execPath} could not start: spawn ${execPath} ENOENT\n`);
  });

  test.each([
    { name: 'objects and arrays, in order', stdout: '{"a":1}\nplain\n[2]\n', lines: [{ a: 1 }, [2]] },
    { name: 'nothing JSON', stdout: 'a\n\n', lines: [] },
  ])('jsonLines: $name', ({ stdout, lines }) => {
    expect(jsonLines(stdout)).toEqual(lines);
  });
});
