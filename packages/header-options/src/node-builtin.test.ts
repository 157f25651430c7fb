// Node 20's built-in WebSocket (node --experimental-websocket, bundled undici 6.24.1) crashes the
// process with an uncaught `TypeError: Cannot read properties of null (reading 'includes')` when a
// server selects a subprotocol the client did not offer: lib/web/websocket/connection.js calls
// `getDecodeSplit('sec-websocket-protocol', request.headersList).includes(...)`, and that returns
// `null` when no protocol was requested. These tests run the built-in in child processes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNode } from './_test/child.js';
import { closedPort, type RecordingServer, startRecordingServer } from './_test/server.js';
import { transpilePackage } from './_test/transpile.js';

const nodeMajor = Number.parseInt(process.versions.node, 10);

describe.runIf(nodeMajor === 20)(
  `Node ${process.versions.node} built-in WebSocket (--experimental-websocket)`,
  () => {
    let server: RecordingServer;
    let build: { directory: string; remove: () => void };

    beforeAll(async () => {
      server = await startRecordingServer();
      build = transpilePackage();
    });
    afterAll(async () => {
      build.remove();
      await server.close();
    });

    function script(name: string, body: string): string {
      const path = join(build.directory, `${name}.mjs`);
      writeFileSync(
        path,
        `import * as shim from './index.js';\nconst url = process.argv[2];\nconst print = (value) => console.log(JSON.stringify(value));\n${body}\n`,
      );
      return path;
    }

    test('is detected as node with the bundled undici version', async () => {
      const path = script('detect', 'print(shim.detectImplementation(WebSocket));');
      const result = await runNode(['--experimental-websocket', '--no-warnings', path]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        kind: 'node',
        headers: true,
        maxProtocols: null, // Infinity in JSON
        version: process.versions.undici,
        handshakeGuard: true,
      });
    });

    test('without the shim, an unrequested subprotocol kills the process (the defect, reproduced)', async () => {
      server.mode = 'select-unoffered';
      const path = script(
        'raw',
        `const ws = new WebSocket(url);
ws.addEventListener('error', () => print('error event'));
setTimeout(() => { print('alive'); process.exit(0); }, 3000);`,
      );
      const result = await runNode(['--experimental-websocket', '--no-warnings', path, server.url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("TypeError: Cannot read properties of null (reading 'includes')");
      expect(result.stdout).not.toContain('alive');
    });

    test('connect() rejects with SUBPROTOCOL and the process lives on', async () => {
      server.mode = 'select-unoffered';
      const path = script(
        'connect',
        `try { await shim.connect(WebSocket, url, { timeoutMs: 5000 }); print('opened'); }
catch (error) { print({ name: error.name, code: error.code, message: error.message }); }
setTimeout(() => { print('alive'); process.exit(0); }, 300);`,
      );
      const result = await runNode(['--experimental-websocket', '--no-warnings', path, server.url]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        {
          name: 'HandshakeError',
          code: 'SUBPROTOCOL',
          message: `Server selected the subprotocol "surprise" but none was offered (${server.url})`,
        },
        'alive',
      ]);
    });

    test('createWebSocket() turns the crash into an error event', async () => {
      server.mode = 'select-unoffered';
      const path = script(
        'create',
        `const ws = shim.createWebSocket(WebSocket, url);
ws.addEventListener('open', () => print('open'));
ws.addEventListener('error', () => { print('error event'); setTimeout(() => { print('alive'); process.exit(0); }, 300); });`,
      );
      const result = await runNode(['--experimental-websocket', '--no-warnings', path, server.url]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(['error event', 'alive']);
    });

    test('Fetch bad ports: the built-in blocks the list (but port 0), the shim refuses all of it up front', async () => {
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
print(connected);
process.exit(0);`,
      );
      const result = await runNode(['--experimental-websocket', '--no-warnings', path]);
      expect(result.stderr).toBe('');
      expect(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        {
          code: 'BLOCKED_PORT',
          message: `Port 6000 (x11) of "ws://127.0.0.1:6000/" is a bad port in the Fetch standard's port blocking (https://fetch.spec.whatwg.org/#port-blocking): Node's global WebSocket (undici ${process.versions.undici}) refuses it without connecting and reports no reason. Serve the WebSocket on another port (such as 8080), or connect with ws, which does not block ports`,
        },
        [0],
      ]);
    });

    test('headers, origin, bearer and subprotocols arrive; failures carry their codes', async () => {
      server.mode = 'accept';
      const before = server.handshakes.length;
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
      const refusedUrl = `ws://127.0.0.1:${await closedPort()}/`;
      const result = await runNode([
        '--experimental-websocket',
        '--no-warnings',
        path,
        server.url,
        refusedUrl,
      ]);
      expect(result.stderr).toBe('');
      expect(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        'chat',
        { mode: 'reject', code: 'REJECTED', status: 401 },
        { mode: 'refused', code: 'REFUSED', status: null },
      ]);
      const recorded = server.handshakes[before]!;
      const pairs = new Map<string, string[]>();
      for (let index = 0; index < recorded.rawHeaders.length; index += 2) {
        const name = recorded.rawHeaders[index]!.toLowerCase();
        pairs.set(name, [...(pairs.get(name) ?? []), recorded.rawHeaders[index + 1]!]);
      }
      expect(pairs.get('x-latin')).toEqual(['h\u00e9llo']);
      expect(pairs.get('origin')).toEqual(['http://app.example']);
      expect(pairs.get('authorization')).toEqual(['Bearer t0k']);
      expect(recorded.offered).toEqual(['chat']);
    });
  },
);
