import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeLine, LineDecoder, type LineEvent } from './lines.js';
import type { ConnectionSpec, FromClientChild, ObservedEvent, ToClientChild } from './protocol.js';

function feed(decoder: LineDecoder, ...chunks: (string | Buffer)[]): LineEvent[] {
  return chunks.flatMap((chunk) => decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
}

describe('LineDecoder', () => {
  test.each([
    ['one line', ['{"type":"ready"}\n'], [{ kind: 'message', message: { type: 'ready' } }]],
    [
      'two lines in one chunk',
      ['{"type":"a"}\n{"type":"b"}\n'],
      [
        { kind: 'message', message: { type: 'a' } },
        { kind: 'message', message: { type: 'b' } },
      ],
    ],
    ['a line split across chunks', ['{"ty', 'pe":"a"', '}\n'], [{ kind: 'message', message: { type: 'a' } }]],
    ['CRLF', ['{"type":"a"}\r\n'], [{ kind: 'message', message: { type: 'a' } }]],
    ['blank lines are ignored', ['\n\r\n{"type":"a"}\n'], [{ kind: 'message', message: { type: 'a' } }]],
    ['an unfinished line waits', ['{"type":"a"}'], []],
    ['not JSON', ['hello\n'], [{ kind: 'error', error: 'line 1: not JSON: hello' }]],
    [
      'JSON without a type',
      ['[1]\n{"id":1}\n'],
      [
        { kind: 'error', error: 'line 1: not a message object with a "type": [1]' },
        { kind: 'error', error: 'line 2: not a message object with a "type": {"id":1}' },
      ],
    ],
    [
      'a bad line does not stop the next',
      ['oops\n{"type":"a"}\n'],
      [
        { kind: 'error', error: 'line 1: not JSON: oops' },
        { kind: 'message', message: { type: 'a' } },
      ],
    ],
  ] as const)('%s', (_label, chunks, expected) => {
    expect(feed(new LineDecoder(), ...chunks)).toEqual(expected);
  });

  test('a UTF-8 character split between chunks decodes whole', () => {
    const bytes = Buffer.from('{"type":"m","text":"caf\u00e9 \u65e5"}\n');
    const events = feed(new LineDecoder(), bytes.subarray(0, 24), bytes.subarray(24));
    expect(events).toEqual([{ kind: 'message', message: { type: 'm', text: 'caf\u00e9 \u65e5' } }]);
  });

  test('a line beyond the limit is dropped with one error, and the next line still parses', () => {
    const decoder = new LineDecoder(16);
    const events = feed(decoder, '{"type":"aaaa', 'aaaaaaaaaaaa', 'aaaa"}\n{"type":"b"}\n');
    expect(events).toEqual([
      { kind: 'error', error: 'line 1: longer than 16 bytes, dropped' },
      { kind: 'message', message: { type: 'b' } },
    ]);
  });

  test('the stream ending mid-line is an error; ending on a line boundary is not', () => {
    const cut = new LineDecoder();
    feed(cut, '{"type":"a"}\n{"ty');
    expect(cut.end()).toEqual([{ kind: 'error', error: 'line 2: the stream ended in the middle of a line' }]);
    const clean = new LineDecoder();
    feed(clean, '{"type":"a"}\n');
    expect(clean.end()).toEqual([]);
  });

  test('any messages, encoded and cut into any chunks, decode to the same messages', () => {
    const message = fc.record({ type: fc.string(), text: fc.string(), id: fc.integer() });
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const bytes = Buffer.from(messages.map(encodeLine).join(''));
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let previous = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push(bytes.subarray(previous, point));
            previous = point;
          }
          const decoder = new LineDecoder();
          const events = chunks.flatMap((chunk) => decoder.push(chunk));
          expect(events).toEqual(messages.map((entry) => ({ kind: 'message', message: entry })));
          expect(decoder.end()).toEqual([]);
        },
      ),
    );
  });
});

describe('connection messages on the line framing', () => {
  const spec: ConnectionSpec = {
    url: 'ws://127.0.0.1:1/__attempt/a1/connection',
    protocols: ['chat'],
    binaryType: 'arraybuffer',
    closeTimeoutMs: 1000,
    throwingListeners: 1,
    openTimeoutMs: 5000,
    steps: [
      { op: 'send', data: { kind: 'text', text: 'héllo 🎉\n"quoted"', repeat: 2 } },
      { op: 'send', data: { kind: 'binary', base64: 'AAEC/w==', view: 'uint16array' } },
      { op: 'close', code: null, reason: 'why ✓' },
      { op: 'await-close', timeoutMs: 3000 },
    ],
    settleMs: 100,
  };
  const result: ToClientChild = { type: 'connection', id: 7, spec };

  test('a script survives, split at every byte (mid-character, mid-escape)', () => {
    const bytes = Buffer.from(encodeLine(result));
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new LineDecoder();
      expect(feed(decoder, bytes.subarray(0, cut), bytes.subarray(cut))).toEqual([
        { kind: 'message', message: result },
      ]);
    }
  });

  test('an outcome with a null close and every event type survives', () => {
    const events: ObservedEvent[] = [
      { type: 'open', at: 1, readyState: 1, protocol: 'chat' },
      { type: 'message', at: 2, kind: 'text', size: 5, digest: '0fe739f3', head: 'höll', readyState: 1 },
      { type: 'listener-error', at: 2, message: 'listener 1 throws on purpose' },
      { type: 'error', at: 3, code: 'CLOSE_TIMEOUT', closeCode: null, message: 'timed out', readyState: 2 },
      { type: 'close', at: 4, code: 1006, reason: '', wasClean: false, readyState: 3 },
      {
        type: 'step',
        at: 4,
        index: 0,
        op: 'close',
        threw: { name: 'SyntaxError', code: null, message: 'x' },
        readyState: 1,
      },
    ];
    const message: FromClientChild = {
      type: 'connection-result',
      id: 7,
      outcome: {
        events,
        readyStates: [0, 1, 2, 3],
        closed: null,
        finalReadyState: 3,
        setupError: null,
        timedOut: '2 messages (got 1)',
        durationMs: 9,
      },
    };
    expect(feed(new LineDecoder(), encodeLine(message))).toEqual([{ kind: 'message', message }]);
  });
});

describe("the programs' own encoders (Python json.dumps ensure_ascii, Go json.Marshal)", () => {
  const head = 'héllo wörld ✓ 日本 🎉';
  test.each<[string, string]>([
    [
      'Python: every non-ASCII character escaped, an astral one as a surrogate pair',
      String.raw`{"type":"event","attemptKey":"a7","event":{"type":"message","kind":"bytes","size":3,"digest":"00000000","head":"h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c \ud83c\udf89","readyState":1,"at":4}}` +
        '\r\n',
    ],
    [
      'Go: UTF-8 as is',
      `{"type":"event","attemptKey":"a7","event":{"type":"message","kind":"bytes","size":3,"digest":"00000000","head":"${head}","readyState":1,"at":4}}\n`,
    ],
  ])('%s: the same event', (_name, line) => {
    expect(feed(new LineDecoder(), line)).toEqual([
      {
        kind: 'message',
        message: {
          type: 'event',
          attemptKey: 'a7',
          event: { type: 'message', kind: 'bytes', size: 3, digest: '00000000', head, readyState: 1, at: 4 },
        },
      },
    ]);
  });
});
