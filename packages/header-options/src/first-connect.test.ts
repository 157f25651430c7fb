// The first connect() in a fresh process must classify a failure exactly like later ones on every
// undici-family implementation: nothing (a lazily published global dispatcher, a warning emitted
// once, a detection cache) may make the first handshake unguarded. Each case runs in its own child.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { announceMissing, requirePrerequisites } from '@ws-compat/vitest-config/prerequisites';
import { refusingPort } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { runNode } from './_test/child.js';
import { type LockedRuntime, lockedNodeRuntime, type NodeMajor } from './_test/node-runtimes.js';
import { type RecordingServer, startRecordingServer } from './_test/server.js';
import { transpilePackage } from './_test/transpile.js';

const PACKAGE_JSON = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

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

/** An implementation and the Node it runs on: this process's, or a locked runtime of that major. */
interface Implementation {
  readonly name: string;
  readonly major: NodeMajor | null;
  readonly flags: readonly string[];
}

const IMPLEMENTATIONS: readonly Implementation[] = [
  { name: 'undici5', major: null, flags: [] },
  { name: 'undici6', major: null, flags: [] },
  { name: 'undici7', major: null, flags: [] },
  // Node's global WebSocket on every Node of the CI matrix, whatever Node runs vitest.
  { name: 'node', major: 20, flags: ['--experimental-websocket'] },
  { name: 'node', major: 22, flags: [] },
  { name: 'node', major: 24, flags: [] },
];

describe('the first connect() in a fresh process', () => {
  let server: RecordingServer;
  let build: { directory: string; remove: () => void };
  let script: string;
  const runtimes = new Map<NodeMajor, LockedRuntime>();

  beforeAll(async () => {
    server = await startRecordingServer();
    build = transpilePackage();
    script = join(build.directory, 'first-connect.mjs');
    writeFileSync(script, SCRIPT);
    for (const { major } of IMPLEMENTATIONS) {
      if (major !== null && !runtimes.has(major)) runtimes.set(major, await lockedNodeRuntime(major));
    }
    announceMissing('first-connect.test.ts', [...runtimes.values()]);
  }, 300_000);
  afterAll(async () => {
    build.remove();
    await server.close();
  });

  const cases = IMPLEMENTATIONS.flatMap(({ name, major, flags }) =>
    (['refused', 'reject-401', 'select-unoffered'] as const).map(
      (mode) => [major === null ? name : `${name} ${major}`, mode, name, major, flags] as const,
    ),
  );

  test.for(cases)(
    '%s, %s: the first failure is classified like the second',
    async ([, mode, name, major, flags], context) => {
      let execPath = process.execPath;
      if (major !== null) {
        const locked = runtimes.get(major)!;
        requirePrerequisites(context, [locked]);
        execPath = locked.runtime!.execPath;
      }
      let url = `${server.url}&mode=${mode}`;
      if (mode === 'refused') {
        const refusing = await refusingPort();
        onTestFinished(() => refusing.release());
        url = `ws://127.0.0.1:${refusing.port}/`;
      }
      const result = await runNode(
        [...flags, '--no-warnings', script, name, mode, url, PACKAGE_JSON],
        15_000,
        execPath,
      );
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
    },
  );
});
