// Every input that crashes an unwrapped client (after-handshake-facts.md, "Crash behaviour"), sent to a
// wrapped one in a child process without an uncaughtException handler: the process must live, and the
// connection must still deliver what follows and close (no ws 5-8 zombie).
//
// undici 5.29 throws inside its own frame parser on two inputs (a close reason with invalid UTF-8, code
// 1005 in a close frame), on the socket's data path, before any
// event the facade can see: those rows are capability data (expected to crash, with the reason). If one
// starts to pass, the test fails and says so, so the row can move to "lives".
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonLines, runNode } from './_test/child.js';
import { transpilePackage } from './_test/transpile.js';

const require = createRequire(import.meta.url);
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '_test', 'crash-scenario.mjs');
const WIRE = require.resolve('@ws-compat/wire');

type Scenario =
  | 'protocol error, no error listener'
  | 'throwing listener'
  | 'unsolicited pong'
  | 'close reason with invalid UTF-8'
  | 'close code 1005 in a close frame'
  | "close code 1005 after the client's close";

interface Row {
  readonly client: string;
  readonly family: 'ws' | 'undici';
  readonly alias: string;
  readonly scenario: Scenario;
  /** Why the process still dies, when the facade cannot reach the cause. */
  readonly stillCrashes?: string;
}

const UNDICI5_PARSER =
  "undici 5.29's ByteParser (lib/websocket/receiver.js) reads closeInfo.code of a close frame it could not parse (null) when it has not sent its own close frame yet: a TypeError on the socket data path, before any event reaches the facade";

const rows: Row[] = [
  ...['ws2', 'ws3', 'ws4', 'ws5', 'ws6', 'ws7', 'ws8'].flatMap((alias) => [
    { client: alias, family: 'ws' as const, alias, scenario: 'protocol error, no error listener' as const },
    { client: alias, family: 'ws' as const, alias, scenario: 'throwing listener' as const },
  ]),
  ...['undici5', 'undici6', 'undici7'].map((alias) => ({
    client: alias,
    family: 'undici' as const,
    alias,
    scenario: 'throwing listener' as const,
  })),
  // the facade never delivers the `null` message undici 5 makes of it, and closes: the process lives
  { client: 'undici5', family: 'undici', alias: 'undici5', scenario: 'unsolicited pong' },
  {
    client: 'undici5',
    family: 'undici',
    alias: 'undici5',
    scenario: 'close reason with invalid UTF-8',
    stillCrashes: UNDICI5_PARSER,
  },
  {
    client: 'undici5',
    family: 'undici',
    alias: 'undici5',
    scenario: 'close code 1005 in a close frame',
    stillCrashes: UNDICI5_PARSER,
  },
  // the same frame after the client's own close frame was written: undici 5 does not parse it into a crash
  {
    client: 'undici5',
    family: 'undici',
    alias: 'undici5',
    scenario: "close code 1005 after the client's close",
  },
  ...['undici6', 'undici7'].flatMap((alias) =>
    (
      ['unsolicited pong', 'close reason with invalid UTF-8', 'close code 1005 in a close frame'] as const
    ).map((scenario) => ({ client: alias, family: 'undici' as const, alias, scenario })),
  ),
];

describe('crash inputs, wrapped, each in a child process', () => {
  let build: { directory: string; remove: () => void };
  beforeAll(() => {
    build = transpilePackage();
  });
  afterAll(() => build.remove());

  test.each(rows)('$client: $scenario', async (row) => {
    const packagePath = dirname(require.resolve(`${row.alias}/package.json`));
    const result = await runNode(process.execPath, [
      '--no-warnings',
      SCRIPT,
      join(build.directory, 'index.js'),
      WIRE,
      row.family,
      packagePath,
      row.scenario,
    ]);
    const lines = jsonLines(result.stdout);
    const alive = result.stdout.includes('"alive"') && result.code === 0;
    if (row.stillCrashes !== undefined) {
      expect(alive, `expected to crash (${row.stillCrashes}); it lives now: move the row to "lives"`).toBe(
        false,
      );
      expect(result.stderr).toContain('TypeError');
      return;
    }
    expect(result.stderr).toBe('');
    expect(alive).toBe(true);
    const events = lines[0] as [string, unknown][];
    const close = events.find((event) => event[0] === 'close');
    expect(close, 'the close event arrived').toBeDefined();
    if (row.scenario === 'throwing listener') {
      expect(events.filter((event) => event[0] === 'message')).toEqual([
        ['message', 'm1'],
        ['message', 'm2'],
        ['message', 'm3'],
      ]);
      expect(close).toEqual(['close', 1000]);
    }
  });
});
