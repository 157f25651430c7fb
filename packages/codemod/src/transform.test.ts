import { describe, expect, test } from 'vitest';
import { loadFixtures } from './_test/fixtures.js';
import { CodemodError } from './errors.js';
import { transformSource } from './transform.js';

const fixtures = loadFixtures();
const rewrites = fixtures.filter((fixture) => fixture.output !== undefined);
const untouched = fixtures.filter((fixture) => fixture.output === undefined);

describe('fixture pairs', () => {
  test.each(rewrites.map((f) => [`${f.transform}/${f.file}`, f] as const))(
    '%s becomes its .output',
    (_, fixture) => {
      const result = transformSource(fixture.transform, fixture.input, fixture.file);
      expect(result.output).toBe(fixture.output);
      expect(result.changed).toBe(true);
    },
  );

  test.each(untouched.map((f) => [`${f.transform}/${f.file}`, f] as const))(
    '%s stays byte for byte',
    (_, fixture) => {
      const result = transformSource(fixture.transform, fixture.input, fixture.file);
      expect(result.changed).toBe(false);
      expect(result.output).toBe(fixture.input);
    },
  );

  test.each(fixtures.map((f) => [`${f.transform}/${f.file}`, f] as const))(
    '%s: a second run changes nothing',
    (_, fixture) => {
      const once = transformSource(fixture.transform, fixture.input, fixture.file).output;
      const twice = transformSource(fixture.transform, once, fixture.file);
      expect(twice.changed).toBe(false);
      expect(twice.output).toBe(once);
    },
  );

  test.each(fixtures.map((f) => [`${f.transform}/${f.file}`, f] as const))(
    '%s: all is idempotent too',
    (_, fixture) => {
      const once = transformSource('all', fixture.input, fixture.file).output;
      const twice = transformSource('all', once, fixture.file);
      expect(twice.output).toBe(once);
    },
  );
});

describe('notes', () => {
  test.each([
    ['client-options', 'notes-spread.js', [4, 5], ['cannot be moved safely', 'ignores a third argument']],
    ['request-query', 'notes-mutating.js', [3, 4], ['calls set()', 'becomes the host']],
    ['client-address', 'notes-express.js', [2, 3], ['first X-Forwarded-For hop', 'reads x-real-ip']],
    ['ws8', 'negative-emitter.js', [], []],
    ['client-address', 'attached.ts.output-less', [], []],
  ] as const)('%s/%s: notes on lines %j', (transform, file, lines, fragments) => {
    const fixture = fixtures.find((f) => f.transform === transform && f.file === file);
    if (fixture === undefined) return;
    const { notes } = transformSource(transform, fixture.input, file);
    expect(notes.map((n) => n.line)).toEqual(lines);
    fragments.forEach((fragment, index) => {
      expect(notes[index]?.message).toContain(fragment);
    });
  });

  test.each([
    ['ws8', 'echo-server.cjs', []],
    ['client-address', 'attached.ts', [8]],
    ['request-query', 'url-parse.cjs', [6, 7]],
  ] as const)('%s/%s: rewritten sites flagged for review on lines %j', (transform, file, lines) => {
    const fixture = fixtures.find((f) => f.transform === transform && f.file === file);
    expect(fixture).toBeDefined();
    const { notes } = transformSource(transform, fixture?.input ?? '', file);
    expect(notes.map((n) => n.line)).toEqual(lines);
  });

  test('an unknown handler on a ws file gets a note, never a rewrite', () => {
    const source =
      "import WebSocket from 'ws';\nexport const f = (s) => s.on('message', (m) => m === 'x');\n";
    const result = transformSource('ws8', source, 'f.js');
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual([
      {
        line: 2,
        message:
          "s.on('message', ...) uses m as a string, but s could not be traced to a ws socket: if it is one, ws 8 passes a Buffer: add isBinary and decode with isBinary ? m : m.toString().",
      },
    ]);
  });
});

describe('errors', () => {
  test.each([
    [
      'bogus',
      'x.js',
      'const a = 1;',
      'UNKNOWN_TRANSFORM',
      'Unknown transform "bogus": use one of ws8, client-options, request-query, client-address, all.',
    ],
    [
      'ws8',
      'broken.js',
      "const ws = require('ws');\nconst = 1;",
      'PARSE_ERROR',
      'Could not parse broken.js:2:7: Unexpected token (2:6). Fix the syntax (or exclude the file) and run the codemod again.',
    ],
  ] as const)('%s on %s throws %s', (transform, file, source, code, message) => {
    let caught: unknown;
    try {
      transformSource(transform as 'ws8', source, file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CodemodError);
    expect((caught as CodemodError).code).toBe(code);
    expect((caught as CodemodError).message).toBe(message);
  });

  test('a file no transform can match is not parsed at all', () => {
    // Broken syntax, but the prefilter already rules every transform out.
    expect(transformSource('all', 'const = ;', 'plain.js')).toEqual({
      output: 'const = ;',
      changed: false,
      notes: [],
    });
  });
});

describe('line endings and hashbangs', () => {
  const lines = [
    '#!/usr/bin/env node',
    '// hi',
    "const WebSocket = require('ws');",
    'new WebSocket.Server({ port: 0 });',
    '',
  ];
  const rewritten = [
    '#!/usr/bin/env node',
    '// hi',
    "const WebSocket = require('ws');",
    "const { WebSocketServer } = require('ws');",
    'new WebSocketServer({ port: 0 });',
    '',
  ];
  test.each([
    ['LF with a hashbang', '\n', lines, rewritten],
    ['CRLF with a hashbang', '\r\n', lines, rewritten],
    ['CRLF without a hashbang', '\r\n', lines.slice(1), rewritten.slice(1)],
  ])('%s: the line break style and the #! line stay', (_, eol, input, expected) => {
    expect(transformSource('ws8', input.join(eol), 'bin.js').output).toBe(expected.join(eol));
  });
});
