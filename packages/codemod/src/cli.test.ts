import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { TEST_BIN } from './_test/built.js';
import { main } from './cli.js';

const run = promisify(execFile);
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const WS7_SERVER = "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port: 0 });\n";
const WS8_SERVER =
  "const WebSocket = require('ws');\nconst { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: 0 });\n";

/** A temporary tree from `{ relativePath: content }`. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ws-compat-codemod-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Runs the CLI in this process. */
async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('exit codes and argument errors', () => {
  test.each([
    [
      [],
      'UNKNOWN_TRANSFORM: No transform given: use one of ws8, client-options, request-query, client-address, all.',
    ],
    [
      ['bogus', '.'],
      'UNKNOWN_TRANSFORM: Unknown transform "bogus": use one of ws8, client-options, request-query, client-address, all.',
    ],
    [['ws8'], 'MISSING_PATHS: No paths given: pass at least one file or folder to transform.'],
    [['ws8', '.', '--workers', '0'], 'INVALID_OPTION: --workers must be a positive integer, got "0".'],
    [
      ['ws8', '.', '--nope'],
      "UNKNOWN_OPTION: Unknown option '--nope'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--nope\". Run with --help for the options.",
    ],
  ])('%j exits 1 with %s', async (argv, message) => {
    const root = tree({ 'a.js': WS7_SERVER });
    const result = await cli(argv, root);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`ws-compat-codemod: ${message}`);
    expect(readFileSync(join(root, 'a.js'), 'utf8')).toBe(WS7_SERVER);
  });

  test('a path that does not exist exits 1 and names it', async () => {
    const root = tree({});
    const result = await cli(['ws8', 'missing'], root);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `ws-compat-codemod: PATH_NOT_FOUND: Path "missing" does not exist (resolved from ${root}): pass files or folders that exist.`,
    );
  });

  test('exit 0 when it ran, changed or not', async () => {
    const root = tree({ 'a.js': WS7_SERVER, 'b.js': 'const x = 1;\n' });
    expect((await cli(['ws8', '.'], root)).code).toBe(0);
    expect((await cli(['ws8', '.'], root)).code).toBe(0);
  });

  test('exit 1 on a file it could not parse; the other files are still written', async () => {
    const root = tree({ 'a.js': WS7_SERVER, 'broken.js': "require('ws');\nconst = ;\n" });
    const result = await cli(['ws8', '.', '--json'], root);
    expect(result.code).toBe(1);
    expect(readFileSync(join(root, 'a.js'), 'utf8')).toBe(WS8_SERVER);
    const report = JSON.parse(result.stdout) as {
      files: { path: string; status: string; notes: { line: number }[] }[];
    };
    expect(report.files.find((file) => file.path === 'broken.js')).toMatchObject({
      status: 'failed',
      notes: [{ line: 2 }],
    });
  });
});

describe('--json', () => {
  test('prints exactly { files: [{ path, status, notes: [{ line, message }] }] }', async () => {
    const root = tree({
      'src/server.js': WS7_SERVER,
      'src/plain.ts': 'export const x = 1;\n',
      'src/ip.js': "export const ip = (req) => req.headers['x-forwarded-for'].split(',')[0];\n",
    });
    const result = await cli(['all', 'src', '--json'], root);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { files: { path: string }[] };
    report.files.sort((a, b) => a.path.localeCompare(b.path));
    expect(report).toEqual({
      files: [
        {
          path: 'src/ip.js',
          status: 'unchanged',
          notes: [
            {
              line: 1,
              message:
                'reads the first X-Forwarded-For hop, which any client can set. Inside a ws connection handler (ws, req), use contextOf(ws, req).client.address; elsewhere buildConnectionContext(req, { trustProxy }).client.address (@ws-compat/connection-context).',
            },
          ],
        },
        { path: 'src/plain.ts', status: 'unchanged', notes: [] },
        { path: 'src/server.js', status: 'changed', notes: [] },
      ],
    });
  });
});

describe('--dry and --print', () => {
  test('--dry writes nothing and prints a unified diff', async () => {
    const root = tree({ 'a.js': WS7_SERVER });
    const before = statSync(join(root, 'a.js')).mtimeMs;
    const result = await cli(['ws8', 'a.js', '--dry'], root);
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, 'a.js'), 'utf8')).toBe(WS7_SERVER);
    expect(statSync(join(root, 'a.js')).mtimeMs).toBe(before);
    expect(result.stdout).toBe(
      [
        '--- a/a.js',
        '+++ b/a.js',
        '@@ -1,2 +1,3 @@',
        " const WebSocket = require('ws');",
        '-const wss = new WebSocket.Server({ port: 0 });',
        "+const { WebSocketServer } = require('ws');",
        '+const wss = new WebSocketServer({ port: 0 });',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('1 changed, 0 unchanged, 0 failed (1 files) - dry run, nothing written\n');
  });

  test('--print with --dry prints the new text and writes nothing', async () => {
    const root = tree({ 'a.js': WS7_SERVER });
    const result = await cli(['ws8', '.', '--print', '--dry'], root);
    expect(result.stdout.endsWith(WS8_SERVER)).toBe(true);
    expect(readFileSync(join(root, 'a.js'), 'utf8')).toBe(WS7_SERVER);
  });
});

describe('walking the tree', () => {
  test('skips node_modules and .gitignore paths; an explicit file is still read', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.js\n',
      'src/a.js': WS7_SERVER,
      'src/b.gen.js': WS7_SERVER,
      'generated/c.js': WS7_SERVER,
      'node_modules/ws/d.js': WS7_SERVER,
      'src/notes.txt': WS7_SERVER,
    });
    const result = await cli(['ws8', '.', '--json'], root);
    const paths = (JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((file) => file.path);
    expect(paths).toEqual(['src/a.js']);
    const explicit = await cli(['ws8', 'generated/c.js', '--json'], root);
    expect((JSON.parse(explicit.stdout) as { files: { status: string }[] }).files).toMatchObject([
      { status: 'changed' },
    ]);
  });
});

describe('the built bin', () => {
  test('runs a tree of 300 files on worker threads and writes each changed file once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++)
      files[`pkg/f${i}.js`] = i % 10 === 0 ? WS7_SERVER : `export const n${i} = ${i};\n`;
    const root = tree(files);
    const { stdout } = await run(process.execPath, [TEST_BIN, 'all', 'pkg', '--json', '--workers', '2'], {
      cwd: root,
    });
    const report = JSON.parse(stdout) as { files: { path: string; status: string }[] };
    expect(report.files).toHaveLength(300);
    expect(report.files.filter((file) => file.status === 'changed')).toHaveLength(30);
    expect(readFileSync(join(root, 'pkg/f10.js'), 'utf8')).toBe(WS8_SERVER);
    const second = await run(process.execPath, [TEST_BIN, 'all', 'pkg', '--json', '--workers', '2'], {
      cwd: root,
    });
    expect(
      (JSON.parse(second.stdout) as { files: { status: string }[] }).files.every(
        (f) => f.status === 'unchanged',
      ),
    ).toBe(true);
  });

  test('exits 1 on bad arguments', async () => {
    const error = await run(process.execPath, [TEST_BIN, 'bogus', '.']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('UNKNOWN_TRANSFORM');
  });
});
