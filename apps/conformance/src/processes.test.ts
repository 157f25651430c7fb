import { afterEach, describe, expect, test } from 'vitest';
import type { NativeAttemptSpec } from './child/protocol.js';
import { ClientProcess, ServerProcess } from './processes.js';

const SPEC: NativeAttemptSpec = {
  url: 'ws://127.0.0.1:1/__attempt/a1/x',
  headers: [],
  protocols: [],
  origin: null,
  timeoutMs: 100,
  exchange: false,
};
const OUTCOME = { opened: false, protocol: null, echoed: null, error: null, warnings: [], durationMs: 1 };

/** A program speaking the line protocol, written in Node so the test needs no Python or Go. */
function program(source: string): { execPath: string; args: string[]; transport: 'lines' } {
  const prelude = `const out = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
    const rl = require('node:readline').createInterface({ input: process.stdin });
    rl.on('line', (line) => { if (line.includes('"exit"')) process.exit(0); });`;
  return { execPath: process.execPath, args: ['-e', `${prelude}\n${source}`], transport: 'lines' };
}

const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) await child.stop();
});

describe('ClientProcess over JSON lines', () => {
  test('ready, attempt and ping round trips; results matched by id even out of order', async () => {
    const client = new ClientProcess(
      program(`out({ type: 'ready', info: { version: '1.2.3', runtime: 'fake@1', loadError: null } });
        const pending = [];
        rl.on('line', (line) => {
          const m = JSON.parse(line);
          if (m.type === 'ping') out({ type: 'pong', id: m.id });
          if (m.type === 'attempt') pending.push(m);
          if (pending.length === 2) for (const p of pending.splice(0).reverse())
            out({ type: 'result', id: p.id, outcome: { ...${JSON.stringify(OUTCOME)}, protocol: p.spec.url } });
        });`),
    );
    started.push(client);
    expect(await client.start()).toEqual({ version: '1.2.3', runtime: 'fake@1', loadError: null });
    const [first, second] = await Promise.all([
      client.attempt({ ...SPEC, url: 'ws://one' }, 5_000),
      client.attempt({ ...SPEC, url: 'ws://two' }, 5_000),
    ]);
    expect([first.protocol, second.protocol]).toEqual(['ws://one', 'ws://two']);
    expect(await client.alive()).toEqual({ alive: true, reason: '' });
  });

  test('a child that never answers an attempt: rejected after the timeout, naming it', async () => {
    const client = new ClientProcess(
      program(
        `out({ type: 'ready', info: { version: '1', runtime: 'fake@1', loadError: null } }); rl.on('line', () => {});`,
      ),
    );
    started.push(client);
    await client.start();
    await expect(client.attempt(SPEC, 300)).rejects.toThrow('no result from the child within 300 ms');
  });

  test('lines that are not messages are skipped and kept as protocol errors for the exit reason', async () => {
    const client = new ClientProcess(
      program(`process.stdout.write('hello\\n[1]\\n');
        out({ type: 'ready', info: { version: '1', runtime: 'fake@1', loadError: null } });
        rl.on('line', () => { process.stdout.write('{"type":"result",'); process.exit(3); });`),
      0,
    );
    started.push(client);
    await client.start();
    const failure = client.attempt(SPEC, 5_000);
    await expect(failure).rejects.toThrow(
      /child exited \(code 3, signal null\).*protocol error: line 4: the stream ended/,
    );
  });

  test('a child that exits before ready: start() rejects with the exit', async () => {
    const client = new ClientProcess(program('process.exit(2)'), 0);
    started.push(client);
    await expect(client.start()).rejects.toThrow('child exited (code 2, signal null)');
  });
});

describe('ServerProcess over JSON lines', () => {
  test('a native report becomes a context (attempt key from the target); messages join it; the engine is kept', async () => {
    const server = new ServerProcess(
      program(`out({ type: 'ready', info: { version: '9', runtime: 'fake@1', loadError: null }, ports: { main: 1, reject: 2, mismatch: 3 }, engine: 'uvicorn@0.17.6' });
        out({ type: 'connection', native: { mode: 'main', target: '//evil.example/__attempt/a7/x?y=1', path: '//evil.example/__attempt/a7/x',
          query: [['y', '1']], queryError: null, headers: [['Host', 'h:1'], ['Authorization', 'Bearer t0k']], host: 'h:1',
          offered: ['chat'], protocol: 'chat', client: { address: '127.0.0.1', port: 5 } } });
        out({ type: 'message', target: '//evil.example/__attempt/a7/x?y=1', text: 'hi' });
        rl.on('line', (line) => { if (JSON.parse(line).type === 'exit') process.exit(0); });`),
    );
    started.push(server);
    expect((await server.start()).version).toBe('9');
    expect(server.ports).toEqual({ main: 1, reject: 2, mismatch: 3 });
    expect(server.engine).toBe('uvicorn@0.17.6');
    const report = await server.report('a7', 5_000);
    expect(report).toMatchObject({ attemptKey: 'a7', source: 'native', protocol: 'chat', offered: ['chat'] });
    expect(report?.context).toMatchObject({
      host: 'h:1',
      path: '//evil.example/__attempt/a7/x',
      auth: { scheme: 'Bearer', token: 't0k', source: 'header' },
      client: { address: '127.0.0.1', port: 5, family: 'IPv4', viaProxy: false },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await server.report('a7', 0))?.messages).toEqual(['hi']);
  });
});
