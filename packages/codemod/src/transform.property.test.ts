import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CodemodError } from './errors.js';
import { transformSource } from './transform.js';

/** Statements that match, look alike, or are plain code: any order makes a file. */
const STATEMENTS = [
  "const WebSocket = require('ws');",
  "import WS, { WebSocketServer } from 'ws';",
  "import { WebSocket as U } from 'undici';",
  'const wss = new WebSocket.Server({ port: 0 });',
  "wss.on('connection', (ws) => { ws.on('message', (m) => { if (m === 'ping') ws.send('pong'); }); });",
  "wss.on('connection', function (ws, req) { const ip = req.headers['x-forwarded-for'].split(',')[0]; ws.send(ip); });",
  "wss.on('connection', (ws) => console.log(ws.upgradeReq.url));",
  "const c = new WebSocket('ws://x', { protocols: ['a'], headers: {} });",
  "const u = new U('wss://x', ['a'], { headers: { a: '1' } });",
  "const q = (req) => new URL(req.url, 'http://x').searchParams.get('a');",
  "const bus = new (require('events'))(); bus.on('message', (m) => m === 'x');",
  '// a comment with ws and WebSocket in it',
  '/* block */ const n = 1 + 2;',
  'function f(a, b) { return [a, b].join(""); }',
  '',
];

describe('any file assembled from matching and look-alike statements', () => {
  test('never throws but PARSE_ERROR, is unchanged byte for byte when nothing applied, and a second run changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...STATEMENTS), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('a.js', 'a.cjs', 'a.mjs', 'a.ts', 'a.tsx'),
        fc.constantFrom('\n', '\n\n', '\r\n'),
        (statements, file, eol) => {
          const source = statements.join(eol) + eol;
          let first: ReturnType<typeof transformSource>;
          try {
            first = transformSource('all', source, file);
          } catch (error) {
            expect(error).toBeInstanceOf(CodemodError);
            expect((error as CodemodError).code).toBe('PARSE_ERROR');
            return;
          }
          if (!first.changed) expect(first.output).toBe(source);
          const second = transformSource('all', first.output, file);
          expect(second.changed).toBe(false);
          expect(second.output).toBe(first.output);
        },
      ),
      { numRuns: 60 },
    );
  });
});
