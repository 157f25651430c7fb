import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { contentDigest, hexHead } from './child/digest.js';
import type {
  AttemptSpec,
  ConnectionOutcome,
  ConnectionSpec,
  NativeRequestView,
  ObservedEvent,
} from './child/protocol.js';
import { contextFromNative, toNativeSpec } from './native.js';
import { ClientProcess, type SpawnPlan } from './processes.js';
import { GO_PATH, GO_SOURCES, PYTHON_PATH, programProblem } from './programs.js';
import { BEARER_PREFIX } from './scenarios/_fixtures.js';

const base: AttemptSpec = { url: 'ws://h/x', options: {}, timeoutMs: 100, exchange: true };

describe('toNativeSpec: what a user of a client outside Node writes', () => {
  test.each<{
    name: string;
    options: AttemptSpec['options'];
    headers: [string, string][];
    protocols: string[];
    origin: string | null;
  }>([
    { name: 'nothing', options: {}, headers: [], protocols: [], origin: null },
    {
      name: 'every header option name and shape becomes pairs, array values repeat',
      options: {
        headers: { shape: 'record', value: { 'X-A': ['1', '2'] } },
        extraHeaders: { shape: 'pairs', entries: [['X-B', 'b']] },
        additional_headers: { shape: 'headers', entries: [['x-c', ['c1', 'c2']]] },
      },
      headers: [
        ['X-A', '1'],
        ['X-A', '2'],
        ['X-B', 'b'],
        ['x-c', 'c1'],
        ['x-c', 'c2'],
      ],
      protocols: [],
      origin: null,
    },
    {
      name: 'bearer goes as Authorization',
      options: { protocols: 'chat', bearer: 't', origin: 'http://o' },
      headers: [['Authorization', 'Bearer t']],
      protocols: ['chat'],
      origin: 'http://o',
    },
    {
      name: 'bearer on the browser path goes as the bearer subprotocol after the app protocols',
      options: { protocols: ['chat'], bearer: 'tök', implementation: 'browser' },
      headers: [],
      protocols: ['chat', `${BEARER_PREFIX}${Buffer.from('tök').toString('base64url')}`],
      origin: null,
    },
  ])('$name', ({ options, headers, protocols, origin }) => {
    expect(toNativeSpec({ ...base, options })).toEqual({
      url: 'ws://h/x',
      headers,
      protocols,
      origin,
      timeoutMs: 100,
      exchange: true,
    });
  });
});

const view: NativeRequestView = {
  mode: 'main',
  target: '/p?a=1',
  path: '/p',
  query: [['a', '1']],
  queryError: null,
  headers: [['Host', 'h:1']],
  host: 'h:1',
  offered: ['chat'],
  protocol: 'chat',
  client: { address: '127.0.0.1', port: 9 },
};
const token = `${BEARER_PREFIX}${Buffer.from('Tok').toString('base64url')}`;

describe('contextFromNative: what an app on the server reads from its API', () => {
  test.each<{ name: string; change: Partial<NativeRequestView>; expected: Record<string, unknown> }>([
    { name: 'no token', change: {}, expected: { auth: null, subprotocols: ['chat'] } },
    {
      name: 'Authorization: Bearer',
      change: { headers: [['authorization', 'Bearer abc']] },
      expected: { auth: { scheme: 'Bearer', token: 'abc', source: 'header' } },
    },
    {
      name: 'the bearer subprotocol is decoded and removed from the app protocols',
      change: { offered: ['chat', token] },
      expected: { auth: { scheme: 'Bearer', token: 'Tok', source: 'subprotocol' }, subprotocols: ['chat'] },
    },
    {
      name: 'a lowercased bearer subprotocol decodes to another token (what WebSocket-Node gives an app)',
      change: { offered: [token.toLowerCase()] },
      expected: {
        auth: {
          scheme: 'Bearer',
          token: Buffer.from(token.slice(BEARER_PREFIX.length).toLowerCase(), 'base64url').toString(),
          source: 'subprotocol',
        },
        subprotocols: [],
      },
    },
    {
      name: 'an address from X-Forwarded-For is via a proxy',
      change: {
        headers: [['X-Forwarded-For', '10.0.0.1, 10.0.0.2']],
        client: { address: '10.0.0.2', port: null },
      },
      expected: {
        client: {
          address: '10.0.0.2',
          port: null,
          family: 'IPv4',
          forwardedFor: ['10.0.0.1', '10.0.0.2'],
          viaProxy: true,
        },
      },
    },
    {
      name: 'IPv6, no forwarding',
      change: { client: { address: '::1', port: 5 } },
      expected: { client: { address: '::1', port: 5, family: 'IPv6', forwardedFor: [], viaProxy: false } },
    },
    {
      name: 'no parsed query: empty; __proto__ read as a plain name',
      change: { query: null },
      expected: { query: [], queryProto: null },
    },
  ])('$name', ({ change, expected }) => {
    expect(contextFromNative({ ...view, ...change })).toMatchObject(expected);
  });
});

// The Python side of connection scripts, run for real with Debian's Python (the programs' runtime).
const PYTHON_DIRECTORY = fileURLToPath(new URL('../adapters/python/', import.meta.url));
const NO_PYTHON = programProblem('python');
/** As programs.ts runs them: no __pycache__ written into adapters/python/. */
const PYTHON_ENV = { PYTHONDONTWRITEBYTECODE: '1' };
if (NO_PYTHON !== null) console.warn(`SKIPPING the Python connection-script tests: ${NO_PYTHON}`);

/** A Python program on the line protocol: `_lines` helpers, ready, then `onCommand(command)`. */
function pythonProgram(onCommand: string): SpawnPlan {
  const source = [
    'import os, sys',
    `sys.path.insert(0, ${JSON.stringify(PYTHON_DIRECTORY)})`,
    'from _lines import emit, info, read_commands',
    'import threading',
    'def on_command(command):',
    ...onCommand.split('\n').map((line) => `    ${line}`),
    'emit({"type": "ready", "info": info("1.0")})',
    'read_commands(on_command)',
    'threading.Event().wait()',
  ].join('\n');
  return { execPath: PYTHON_PATH, args: ['-u', '-c', source], transport: 'lines', env: PYTHON_ENV };
}

const SCRIPT: ConnectionSpec = {
  url: 'ws://127.0.0.1:1/__attempt/a1/connection',
  protocols: [],
  closeTimeoutMs: 1_000,
  throwingListeners: 0,
  openTimeoutMs: 1_000,
  steps: [{ op: 'await-close', timeoutMs: 100 }],
  settleMs: 0,
};

describe.skipIf(NO_PYTHON !== null)('connection scripts with a Python program (line protocol)', () => {
  const children: ClientProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await child.stop();
  });

  test.each<{ name: string; onCommand: string; expected: RegExp | Record<string, unknown> }>([
    {
      name: 'the program dies mid-connection: no outcome, the death is the result',
      onCommand: 'if command["type"] == "connection":\n    os._exit(3)',
      expected: { outcome: null, process: { alive: false, reason: 'exited (code 3, signal null)' } },
    },
    {
      name: 'the program never answers: rejected after the budget, naming what was missing',
      onCommand: 'if command["type"] == "ping":\n    emit({"type": "pong", "id": command["id"]})',
      expected: /no connection-result from the child within 400 ms/,
    },
    {
      name: 'an answer with another id is not taken for this one',
      onCommand:
        'if command["type"] == "connection":\n    emit({"type": "connection-result", "id": command["id"] + 1, "outcome": {}})',
      expected: /no connection-result from the child within 400 ms/,
    },
  ])('$name', async ({ onCommand, expected }) => {
    const client = new ClientProcess(pythonProgram(onCommand), 0);
    children.push(client);
    await client.start();
    const result = client.connection(SCRIPT, 400);
    if (expected instanceof RegExp) await expect(result).rejects.toThrow(expected);
    else expect(await result).toEqual(expected);
  });

  /** Runs Python lines with the adapters' folder on sys.path; returns what they print, as JSON. */
  async function runPython(lines: readonly string[]): Promise<unknown> {
    const source = [
      'import asyncio, json, sys, types',
      `sys.path.insert(0, ${JSON.stringify(PYTHON_DIRECTORY)})`,
      ...lines,
    ].join('\n');
    const { stdout } = await promisify(execFile)(PYTHON_PATH, ['-c', source], {
      timeout: 20_000,
      env: { ...process.env, ...PYTHON_ENV },
    });
    return JSON.parse(stdout);
  }

  /** Runs `_script.run_script` against a scripted driver and returns the outcome. */
  async function runScript(driver: string, spec: ConnectionSpec): Promise<ConnectionOutcome> {
    return (await runPython([
      'from _script import Closed, Driver, run_script',
      driver,
      `print(json.dumps(asyncio.run(run_script(json.loads(${JSON.stringify(JSON.stringify(spec))}), Fake()))))`,
    ])) as ConnectionOutcome;
  }

  test('await-messages ends when the library reports the end, and says so; a step is timed from its start', async () => {
    const outcome = await runScript(
      `class Fake(Driver):
    async def connect(self, url, protocols, close_timeout, throwing):
        self.items = [b"\\x00\\xff", Closed(4000, "bye", True, "ConnectionClosedError: 4000")]
        return "chat"
    async def receive(self):
        await asyncio.sleep(0.05)
        return self.items.pop(0)
    async def close(self, code, reason):
        await asyncio.sleep(0.3)  # a native close() that blocks for the whole closing handshake`,
      {
        ...SCRIPT,
        steps: [
          { op: 'await-messages', count: 2, timeoutMs: 5_000 },
          { op: 'close', code: 1000 },
        ],
      },
    );
    const kinds = outcome.events.map((event) => (event.type === 'step' ? `step ${event.op}` : event.type));
    expect(kinds).toEqual(['open', 'message', 'error', 'close', 'step await-messages', 'step close']);
    expect(outcome.events[1]).toMatchObject({
      kind: 'bytes',
      size: 2,
      digest: contentDigest(Uint8Array.of(0, 255)),
    });
    expect(outcome.events[3]).toMatchObject({ code: 4000, reason: 'bye', wasClean: true, readyState: 3 });
    expect(outcome.timedOut).toBe('2 messages (got 1): the connection ended first');
    expect(outcome.closed).toEqual({ code: 4000, reason: 'bye', wasClean: true });
    const close = outcome.events[5] as Extract<ObservedEvent, { type: 'step' }>;
    expect(outcome.durationMs - close.at).toBeGreaterThanOrEqual(300);
  });

  test('a library that raises instead of reporting a close: an error, then a close 1006 with wasClean null (no guess)', async () => {
    const outcome = await runScript(
      `class Fake(Driver):
    async def connect(self, url, protocols, close_timeout, throwing):
        return ""
    async def receive(self):
        raise OSError("connection reset")`,
      { ...SCRIPT, steps: [{ op: 'await-close', timeoutMs: 5_000 }] },
    );
    const close = outcome.events.find((event) => event.type === 'close');
    expect(close).toMatchObject({ code: 1006, reason: '', wasClean: null });
    expect(outcome.closed).toEqual({ code: 1006, reason: '', wasClean: null });
  });

  // websockets 10.4 has no wasClean: ConnectionClosedOK (a 1000 or 1001 close frame received and sent)
  // is its word for a completed closing handshake; ConnectionClosedError says nothing either way
  test.each<[string, string, boolean | null]>([
    [
      'ConnectionClosedOK, 1000 both ways: true',
      'ConnectionClosedOK(Close(1000, ""), Close(1000, ""), True)',
      true,
    ],
    [
      'ConnectionClosedError, 4001 both ways (a clean close): null',
      'ConnectionClosedError(Close(4001, "x"), Close(4001, "x"), True)',
      null,
    ],
    ['ConnectionClosedError, no close frame: null', 'ConnectionClosedError(None, None, None)', null],
    [
      'ConnectionClosedError, 1002 sent and answered: null',
      'ConnectionClosedError(Close(1002, ""), Close(1002, ""), False)',
      null,
    ],
  ])('websockets: %s', async (_name, error, clean) => {
    const printed = await runPython([
      // importing the adapter starts its client loop: a stand-in loop keeps it to the definitions
      'sys.modules["_client_loop"] = types.SimpleNamespace(run_async_client=lambda *args: None)',
      'from client_websockets import clean_of',
      'from websockets.exceptions import ConnectionClosedError, ConnectionClosedOK',
      'from websockets.frames import Close',
      `print(json.dumps(clean_of(${error})))`,
    ]);
    expect(printed).toBe(clean);
  });

  test('a step the library has no equivalent for is its throw; a refused close() leaves readyState 1', async () => {
    const outcome = await runScript(
      `class Fake(Driver):
    name = "fake 1.0"
    async def connect(self, url, protocols, close_timeout, throwing):
        self.gate = asyncio.Event()
        return ""
    async def receive(self):
        await self.gate.wait()
    async def close(self, code, reason):
        raise ValueError(f"bad code {code}")`,
      {
        ...SCRIPT,
        steps: [
          { op: 'binary-type', value: 'arraybuffer' },
          { op: 'close', code: 999 },
        ],
      },
    );
    const steps = outcome.events.filter((event) => event.type === 'step');
    expect(steps.map((step) => [step.threw, step.readyState])).toEqual([
      [
        { name: 'Unsupported', code: null, message: 'fake 1.0 has no binaryType: binary messages are bytes' },
        1,
      ],
      [{ name: 'ValueError', code: null, message: 'bad code 999' }, 1],
    ]);
    expect(outcome.readyStates).toEqual([0, 1, 2, 1]);
  });
});

// The programs report messages by size, digest and head: each language must compute them as the
// runner does (src/child/digest.ts), or every message would read as corrupted.
const DIGEST_INPUTS: readonly [string, Uint8Array][] = [
  ['no bytes', new Uint8Array(0)],
  ['every byte value', Uint8Array.from({ length: 256 }, (_, index) => index)],
  [
    'UTF-8 text with an astral character',
    new TextEncoder().encode('héllo wörld ✓ 日本 🎉 and a longer tail'),
  ],
];

describe.skipIf(NO_PYTHON !== null)('Python digests and heads agree with the runner', () => {
  test.each(DIGEST_INPUTS)('%s', async (_name, bytes) => {
    const hex = Buffer.from(bytes).toString('hex');
    const source = [
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(PYTHON_DIRECTORY)})`,
      'from _script import digest',
      `print(digest(bytes.fromhex("${hex}")))`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(PYTHON_PATH, ['-c', source], {
      env: { ...process.env, ...PYTHON_ENV },
    });
    expect(stdout.trim()).toBe(contentDigest(bytes));
  });
});

const NO_GO = programProblem('go');
if (NO_GO !== null) console.warn(`SKIPPING the Go digest tests: ${NO_GO}`);

describe.skipIf(NO_GO !== null)('Go digests and heads agree with the runner', () => {
  test('lines.MessageEvent for text and bytes', async () => {
    // the lines package in a GOPATH of its own (GOPATH mode, offline), called by a two-line main
    const gopath = await mkdtemp(join(tmpdir(), 'ws-compat-go-'));
    try {
      await mkdir(join(gopath, 'src', 'lines'), { recursive: true });
      await copyFile(
        fileURLToPath(new URL('../adapters/go/lines/lines.go', import.meta.url)),
        join(gopath, 'src', 'lines', 'lines.go'),
      );
      const inputs = DIGEST_INPUTS.map(([, bytes]) => Buffer.from(bytes).toString('hex'));
      await mkdir(join(gopath, 'src', 'probe'));
      await writeFile(
        join(gopath, 'src', 'probe', 'main.go'),
        `package main
import ("encoding/hex"; "encoding/json"; "os"; "lines")
func main() {
	out := []interface{}{}
	for _, input := range ${JSON.stringify(inputs).replace('[', '[]string{').replace(/\]$/, '}')} {
		data, _ := hex.DecodeString(input)
		out = append(out, lines.MessageEvent(false, data), lines.MessageEvent(true, data))
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`,
      );
      const { stdout } = await promisify(execFile)(GO_PATH, ['run', 'probe'], {
        cwd: gopath,
        env: {
          ...process.env,
          GO111MODULE: 'off',
          GOPATH: `${gopath}:${GO_SOURCES}`,
          GOFLAGS: '',
          GOPROXY: 'off',
        },
        timeout: 120_000,
      });
      const events = JSON.parse(stdout) as Record<string, unknown>[];
      expect(events).toEqual(
        DIGEST_INPUTS.flatMap(([, bytes]) => {
          const text = new TextDecoder().decode(bytes);
          const common = { type: 'message', size: bytes.length, digest: contentDigest(bytes) };
          return [
            { ...common, kind: 'bytes', head: hexHead(bytes) },
            { ...common, kind: 'text', head: text.slice(0, 32) },
          ];
        }),
      );
    } finally {
      await rm(gopath, { recursive: true, force: true });
    }
  });
});
