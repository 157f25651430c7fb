// The first connect() in a fresh process must classify a failure exactly like later ones on every
// undici-family implementation: nothing (a lazily published global dispatcher, a warning emitted
// once, a detection cache) may make the first handshake unguarded. Each case runs in its own child.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNode } from './_test/child.js';
import { closedPort, type RecordingServer, startRecordingServer } from './_test/server.js';
import { transpilePackage } from './_test/transpile.js';

const PACKAGE_JSON = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const nodeMajor = Number.parseInt(process.versions.node, 10);

const SCRIPT = `import { createRequire } from 'node:module';
import * as shim from './index.js';
const [implementation, mode, url, packageJson] = process.argv.slice(2);
const WebSocketImpl =
  implementation === 'node' ? globalThis.WebSocket : createRequire(packageJson)(implementation).WebSocket;
const protocols = mode === 'select-unoffered' ? ['chat'] : [];
const results = [];
for (let attempt = 0; attempt < 2; attempt++) {
  try {
    await shim.connect(WebSocketImpl, url, { protocols, timeoutMs: 5000 });
    results.push('opened');
  } catch (error) {
    results.push({ name: error.name, code: error.code, status: error.status, message: error.message });
  }
}
console.log(JSON.stringify(results));
process.exit(0);
`;

const IMPLEMENTATIONS: readonly [name: string, flags: string[]][] = [
  ['undici5', []],
  ['undici6', []],
  ['undici7', []],
  ...(nodeMajor >= 20 ? ([['node', ['--experimental-websocket']]] as [string, string[]][]) : []),
];

describe('the first connect() in a fresh process', () => {
  let server: RecordingServer;
  let build: { directory: string; remove: () => void };
  let script: string;

  beforeAll(async () => {
    server = await startRecordingServer();
    build = transpilePackage();
    script = join(build.directory, 'first-connect.mjs');
    writeFileSync(script, SCRIPT);
  });
  afterAll(async () => {
    build.remove();
    await server.close();
  });

  const cases = IMPLEMENTATIONS.flatMap(([name, flags]) =>
    (['refused', 'reject-401', 'select-unoffered'] as const).map((mode) => [name, mode, flags] as const),
  );

  test.each(cases)('%s, %s: the first failure is classified like the second', async (name, mode, flags) => {
    const url = mode === 'refused' ? `ws://127.0.0.1:${await closedPort()}/` : `${server.url}&mode=${mode}`;
    const result = await runNode([...flags, '--no-warnings', script, name, mode, url, PACKAGE_JSON]);
    expect(result.stderr).toBe('');
    const expected = {
      refused: { code: 'REFUSED', status: null, message: `Could not connect to ${url}: ECONNREFUSED` },
      'reject-401': {
        code: 'REJECTED',
        status: 401,
        message: `The server at ${url} rejected the WebSocket handshake with HTTP 401`,
      },
      'select-unoffered': {
        code: 'SUBPROTOCOL',
        status: null,
        message: `Server selected the subprotocol "surprise", which was not offered (offered: chat) (${url})`,
      },
    }[mode];
    const first = { name: 'HandshakeError', ...expected };
    expect(JSON.parse(result.stdout)).toEqual([first, first]);
  });
});
