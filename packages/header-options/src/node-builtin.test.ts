// Node's built-in WebSocket (undici bundled into Node) on every Node of the CI matrix, whatever Node
// runs vitest: each test runs the transpiled package in a child process of the runtime that
// tooling/node-runtimes locks for that major. What differs between majors is the table below; the
// shim's promises (guarded handshakes, codes, headers on the wire) are the same on all of them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { announceMissing, requirePrerequisites } from '@ws-compat/vitest-config/prerequisites';
import { refusingPort } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, onTestFinished, type TestContext, test } from 'vitest';
import { runNode } from './_test/child.js';
import { type LockedRuntime, lockedNodeRuntime, type NodeRuntime } from './_test/node-runtimes.js';
import { type RecordingServer, startRecordingServer } from './_test/server.js';
import { transpilePackage } from './_test/transpile.js';

interface BuiltinExpectations {
  readonly major: 20 | 22 | 24;
  /** Node 20 has the global WebSocket only behind this flag; 22 and 24 have it by default. */
  readonly flags: readonly string[];
  /** The major of the undici that this Node bundles (process.versions.undici). */
  readonly undiciMajor: number;
  /** Whether a failed handshake is followed by a close event (1006) within 300 ms of the error. */
  readonly closeAfterFailure: boolean;
}

const RUNTIMES: readonly BuiltinExpectations[] = [
  { major: 20, flags: ['--experimental-websocket'], undiciMajor: 6, closeAfterFailure: false },
  { major: 22, flags: [], undiciMajor: 6, closeAfterFailure: false },
  { major: 24, flags: [], undiciMajor: 7, closeAfterFailure: true },
];

// Locating (or fetching) the runtimes and transpiling happen once for the file.
const SETUP_TIMEOUT_MS = 300_000;

let server: RecordingServer;
let build: { directory: string; remove: () => void };

beforeAll(async () => {
  server = await startRecordingServer();
  build = transpilePackage();
});
afterAll(async () => {
  build?.remove();
  await server?.close();
});

/** Writes a child script that imports the package as `shim`; argv[2] is the URL. */
function script(name: string, body: string): string {
  const path = join(build.directory, `${name}.mjs`);
  writeFileSync(
    path,
    `import * as shim from './index.js';\nconst url = process.argv[2];\nconst print = (value) => console.log(JSON.stringify(value));\n${body}\n`,
  );
  return path;
}

function lines(stdout: string): unknown[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe.each(RUNTIMES)('Node $major built-in WebSocket', (expected) => {
  let locked: LockedRuntime;
  beforeAll(async () => {
    locked = await lockedNodeRuntime(expected.major);
    announceMissing('node-builtin.test.ts', [locked]);
  }, SETUP_TIMEOUT_MS);

  /** The runtime, or the test is skipped (failed on CI) with the reason. */
  function runtime(context: TestContext): NodeRuntime {
    requirePrerequisites(context, [locked]);
    return locked.runtime!;
  }

  /** Runs `path` under this major's locked Node with its flags (and without Node's experimental-feature warnings). */
  function run(context: TestContext, path: string, ...args: string[]) {
    return runNode([...expected.flags, '--no-warnings', path, ...args], 15_000, runtime(context).execPath);
  }

  test('is detected as node with the bundled undici version', async (context) => {
    const path = script(
      'detect',
      'print(shim.detectImplementation(WebSocket)); print({ node: process.versions.node, undici: process.versions.undici });',
    );
    const result = await run(context, path);
    expect(result.stderr).toBe('');
    const [detected, versions] = lines(result.stdout) as [unknown, { node: string; undici: string }];
    expect(versions.node).toBe(runtime(context).version);
    expect(Number.parseInt(versions.undici, 10)).toBe(expected.undiciMajor);
    expect(detected).toEqual({
      kind: 'node',
      headers: true,
      maxProtocols: null, // Infinity in JSON
      version: versions.undici,
      handshakeGuard: true,
    });
  });

  test('connect() rejects with SUBPROTOCOL when the server selects one nobody offered, and the process lives on', async (context) => {
    const url = `${server.url}&mode=select-unoffered`;
    const path = script(
      'connect',
      `try { await shim.connect(WebSocket, url, { timeoutMs: 5000 }); print('opened'); }
catch (error) { print({ name: error.name, code: error.code, status: error.status, message: error.message }); }
setTimeout(() => { print('alive'); process.exit(0); }, 300);`,
    );
    const result = await run(context, path, url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      {
        name: 'HandshakeError',
        code: 'SUBPROTOCOL',
        status: null,
        message: `Server selected the subprotocol "surprise" but none was offered (${url})`,
      },
      'alive',
    ]);
  });

  test('createWebSocket() reports an unoffered subprotocol as an error event, never an uncaught exception', async (context) => {
    const url = `${server.url}&mode=select-unoffered`;
    const path = script(
      'create',
      `const ws = shim.createWebSocket(WebSocket, url);
ws.addEventListener('open', () => print('open'));
ws.addEventListener('close', (event) => print('close ' + event.code));
ws.addEventListener('error', () => { print('error event'); setTimeout(() => { print('alive'); process.exit(0); }, 300); });`,
    );
    const result = await run(context, path, url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(
      expected.closeAfterFailure ? ['error event', 'close 1006', 'alive'] : ['error event', 'alive'],
    );
  });

  test('Fetch bad ports: the built-in blocks the list (but port 0), the shim refuses all of it up front', async (context) => {
    const path = script(
      'ports',
      `import { FETCH_BAD_PORTS } from './port-blocking.js';
try { shim.createWebSocket(WebSocket, 'ws://127.0.0.1:6000/'); print('created'); }
catch (error) { print({ code: error.code, message: error.message }); }
// A blocked port fails inside fetch, before the dispatcher is asked to connect.
const agent = globalThis[Symbol.for('undici.globalDispatcher.1')];
const dispatch = agent.dispatch;
const connected = [];
for (const port of FETCH_BAD_PORTS) {
  let asked = false;
  agent.dispatch = function (...args) { asked = true; return dispatch.apply(this, args); };
  await new Promise((resolve) => { const ws = new WebSocket('ws://127.0.0.1:' + port + '/'); ws.onerror = resolve; ws.onopen = resolve; });
  if (asked) connected.push(port);
}
print(process.versions.undici);
print(connected);
process.exit(0);`,
    );
    const result = await run(context, path);
    expect(result.stderr).toBe('');
    const [refusal, undici, connected] = lines(result.stdout) as [unknown, string, unknown];
    expect(refusal).toEqual({
      code: 'BLOCKED_PORT',
      message: `Port 6000 (x11) of "ws://127.0.0.1:6000/" is a bad port in the Fetch standard's port blocking (https://fetch.spec.whatwg.org/#port-blocking): Node's global WebSocket (undici ${undici}) refuses it without connecting and reports no reason. Serve the WebSocket on another port (such as 8080), or connect with ws, which does not block ports`,
    });
    expect(connected).toEqual([0]);
  });

  test('headers, origin, bearer and subprotocols arrive; failures carry their codes', async (context) => {
    const marker = `node${expected.major}`;
    const url = `${server.url}&from=${marker}`;
    const path = script(
      'roundtrip',
      `const ws = await shim.connect(WebSocket, url, {
  headers: { 'X-Latin': 'h\\u00e9llo' }, origin: 'http://app.example', bearer: 't0k', protocols: ['chat'] });
print(ws.protocol);
ws.close();
for (const [target, mode] of [[url + '&mode=reject-401', 'reject'], [process.argv[3], 'refused']]) {
  try { await shim.connect(WebSocket, target, { timeoutMs: 5000 }); print('opened'); }
  catch (error) { print({ mode, code: error.code, status: error.status }); }
}`,
    );
    const refusing = await refusingPort();
    onTestFinished(() => refusing.release());
    const refusedUrl = `ws://127.0.0.1:${refusing.port}/`;
    const result = await run(context, path, url, refusedUrl);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      'chat',
      { mode: 'reject', code: 'REJECTED', status: 401 },
      { mode: 'refused', code: 'REFUSED', status: null },
    ]);
    const recorded = server.handshakes.filter((handshake) => handshake.url.endsWith(`&from=${marker}`));
    expect(recorded).toHaveLength(1);
    const pairs = new Map<string, string[]>();
    for (let index = 0; index < recorded[0]!.rawHeaders.length; index += 2) {
      const name = recorded[0]!.rawHeaders[index]!.toLowerCase();
      pairs.set(name, [...(pairs.get(name) ?? []), recorded[0]!.rawHeaders[index + 1]!]);
    }
    expect(pairs.get('x-latin')).toEqual(['h\u00e9llo']);
    expect(pairs.get('origin')).toEqual(['http://app.example']);
    expect(pairs.get('authorization')).toEqual(['Bearer t0k']);
    expect(recorded[0]!.offered).toEqual(['chat']);
  });
});
