// Node's global WebSocket (20 with --experimental-websocket, 22, 24) and undici 8 (Node 24 only) run in
// child processes on their own runtimes (tooling/node-runtimes downloads them once into
// ~/.cache/ws-compat/node). Every one must print the same scenario results: that is the facade's promise.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeRuntime, type NodeMajor } from '@ws-compat/node-runtimes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonLines, runNode } from './_test/child.js';
import { transpilePackage } from './_test/transpile.js';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = join(HERE, '_test', 'child-scenarios.mjs');
const WIRE = require.resolve('@ws-compat/wire');

interface Runtime {
  readonly name: string;
  readonly major: NodeMajor;
  readonly flags: readonly string[];
  readonly source: string;
  /** Says what went wrong in error events (undici 7+ based ones give an empty TypeError). */
  readonly describesErrors: boolean;
}

const runtimes: Runtime[] = [
  {
    name: 'Node 20 global (--experimental-websocket)',
    major: 20,
    flags: ['--experimental-websocket'],
    source: 'global',
    describesErrors: true,
  },
  { name: 'Node 22 global', major: 22, flags: [], source: 'global', describesErrors: true },
  { name: 'Node 24 global', major: 24, flags: [], source: 'global', describesErrors: false },
  {
    name: 'undici 8 on Node 24',
    major: 24,
    flags: [],
    source: dirname(require.resolve('undici8/package.json')),
    describesErrors: false,
  },
];

function expected(runtime: Runtime): Record<string, unknown> {
  return {
    'text and binary per binaryType': [
      ['message', 'héllo ✓'],
      ['message', 'Buffer 0102'],
      ['message', 'ArrayBuffer 03'],
      ['message', 'Blob 2'],
    ],
    'fragments with a ping inside': [['message', 'abc']],
    'invalid UTF-8 text': [
      ['error', runtime.describesErrors ? 'INVALID_PAYLOAD' : 'ABNORMAL_CLOSURE', true],
      ['close', 1006, '', false, 3],
    ],
    'server close 4001 custom': [['close', 4001, 'custom', true, 3]],
    'close validation, then close(undefined, why)': {
      thrown: [
        ['InvalidAccessError', 1],
        ['InvalidAccessError', 1],
        ['SyntaxError', 1],
      ],
      sent: [1000, 'why'],
      events: [['close', 1000, 'why', true, 3]],
    },
    'close while CONNECTING': {
      inside: 0,
      events: [
        ['error', 'CLOSED_BEFORE_OPEN'],
        ['close', 1006, false],
      ],
      info: { code: 1006, reason: '', wasClean: false },
      readyState: 3,
    },
    'send coercion': {
      frames: [
        [1, 'null'],
        [1, '1,2'],
        [2, '0201'],
        [2, '0708'],
        [2, '62'],
        [1, 'end'],
      ],
      connectingError: 'InvalidStateError',
    },
    'a throwing listener': {
      events: [
        ['message', 'm1'],
        ['message', 'm2'],
        ['close', 1000, '', true, 3],
      ],
      listenerErrors: ['Error: listener bug'],
    },
    'RSV1 frame': [
      ['error', runtime.describesErrors ? 'PROTOCOL_ERROR' : 'ABNORMAL_CLOSURE', true],
      ['close', 1006, '', false, 3],
    ],
    'peer never closes TCP': { inTime: true, readyState: 3 },
    alive: true,
  };
}

describe('the facade on Node globals and undici 8, each in a child process on its runtime', () => {
  let build: { directory: string; remove: () => void };
  beforeAll(() => {
    build = transpilePackage();
  });
  afterAll(() => build.remove());

  test.each(runtimes)(
    '$name',
    async (runtime) => {
      const node = await ensureNodeRuntime(runtime.major);
      const result = await runNode(node.execPath, [
        ...runtime.flags,
        '--no-warnings',
        SCENARIOS,
        join(build.directory, 'index.js'),
        WIRE,
        runtime.source,
      ]);
      const lines = jsonLines(result.stdout) as { name: string; result: unknown }[];
      const got = Object.fromEntries(lines.map((line) => [line.name, line.result]));
      expect(got).toEqual(expected(runtime));
      expect(result.code).toBe(0);
    },
    120_000,
  );
});
