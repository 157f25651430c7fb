import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Checks } from '../scenarios/_checks.js';
import { expectMessage, noWasCleanNote } from '../scenarios/_connection.js';
import { expectServerCloseDone } from '../scenarios/text-round-trip.js';
import { type NativeServerSocket, serveNativeConnection } from './native-server.js';
import type { ObservedEvent } from './protocol.js';
import { serverCommand } from './protocol.js';
import { runServerCommand, serverCommandOf } from './server-connection.js';

/** A framework socket that records every call; `close` throws what `refuse` says for a code. */
function fakeSocket(refuse: (code: number | undefined) => Error | null = () => null) {
  const calls: unknown[][] = [];
  let state = 1;
  const socket: NativeServerSocket = {
    sendText: (text) => calls.push(['text', text]),
    sendBinary: (bytes) => calls.push(['binary', bytes]),
    close: (...args) => {
      const error = refuse(args[0]);
      if (error !== null) throw error;
      calls.push(['close', ...args]);
      state = 2;
    },
    readyState: () => state,
  };
  return { socket, calls };
}

/** The calls with bytes as plain arrays, read when asserted (a later change to the bytes shows). */
function shown(calls: unknown[][]): unknown[][] {
  return calls.map((call) => call.map((part) => (part instanceof Uint8Array ? [...part] : part)));
}

function serve(refuse?: (code: number | undefined) => Error | null) {
  const { socket, calls } = fakeSocket(refuse);
  const events: ObservedEvent[] = [];
  const texts: string[] = [];
  const handlers = serveNativeConnection(socket, {
    event: (event) => events.push(event),
    text: (text) => texts.push(text),
  });
  return { handlers, calls, events, texts };
}

describe('serverCommandOf', () => {
  test.each([
    ['hello', null],
    ['@@close 4002 server ✓ bye', { name: 'close', code: '4002', reason: 'server ✓ bye' }],
    ['@@close-invalid 1001', { name: 'close-invalid', code: '1001', reason: '' }],
    ['@@throw', { name: 'throw', code: undefined, reason: '' }],
    [' @@throw', null],
  ])('%j -> %j', (text, command) => {
    expect(serverCommandOf(text)).toEqual(command);
  });

  test('reads back every command serverCommand builds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 4999 }), fc.string(), (code, reason) => {
        const command = serverCommandOf(serverCommand('close', code, reason));
        expect(command).toEqual({ name: 'close', code: String(code), reason });
      }),
    );
  });
});

describe('runServerCommand', () => {
  test.each([
    { text: '@@close 4002 bye now', refuse: null, answer: null, calls: [['close', 4002, 'bye now']] },
    { text: '@@close-invalid 1001', refuse: null, answer: 'did not throw', calls: [['close', 1001]] },
    {
      text: '@@close-invalid 1001',
      refuse: new DOMException('bad code', 'InvalidAccessError'),
      answer: 'threw InvalidAccessError',
      calls: [],
    },
    { text: '@@close-invalid 999', refuse: new Error('not valid'), answer: 'threw Error', calls: [] },
    { text: '@@dance', refuse: null, answer: 'unknown command dance', calls: [] },
  ])('$text (close throws $refuse.name) answers $answer', ({ text, refuse, answer, calls }) => {
    const fake = fakeSocket(() => refuse);
    expect(runServerCommand(fake.socket, serverCommandOf(text)!)).toBe(answer);
    expect(fake.calls).toEqual(calls);
  });
});

describe('serveNativeConnection', () => {
  test('echoes text as text and binary as binary, each reported once', () => {
    const { handlers, calls, events, texts } = serve();
    const bytes = Buffer.from([0, 1, 2, 255]);
    handlers.message('héllo');
    handlers.message(bytes);
    expect(shown(calls)).toEqual([
      ['text', 'héllo'],
      ['binary', [0, 1, 2, 255]],
    ]);
    expect(events.map((event) => (event.type === 'message' ? [event.kind, event.size] : event.type))).toEqual(
      [
        ['text', 6],
        ['arraybuffer', 4],
      ],
    );
    expect(texts).toEqual(['héllo']);
  });

  test('the echoed bytes are a copy: a framework reusing its buffer cannot change them', () => {
    const { handlers, calls } = serve();
    const bytes = Buffer.from([1, 2, 3]);
    handlers.message(bytes);
    bytes[0] = 9;
    expect(shown(calls)).toEqual([['binary', [1, 2, 3]]]);
  });

  test.each([
    { text: serverCommand('close', 4002, 'bye'), calls: [['close', 4002, 'bye']] },
    {
      text: serverCommand('close-invalid', 1001),
      calls: [
        ['close', 1001],
        ['text', 'did not throw'],
      ],
    },
    // no framework here catches a throwing listener: the driver does not throw, nothing is echoed
    { text: serverCommand('throw'), calls: [] },
  ])('command $text', ({ text, calls }) => {
    const { handlers, calls: made, texts } = serve();
    expect(() => handlers.message(text)).not.toThrow();
    expect(made).toEqual(calls);
    expect(texts).toEqual([text]);
  });

  test('a refused close(1001) is answered with the error name and the socket stays as it was', () => {
    const { handlers, calls, events } = serve((code) => (code === 1001 ? new RangeError('no') : null));
    handlers.message(serverCommand('close-invalid', 1001));
    handlers.message('still here');
    expect(calls).toEqual([
      ['text', 'threw RangeError'],
      ['text', 'still here'],
    ]);
    expect(events.every((event) => event.type === 'message' && event.readyState === 1)).toBe(true);
  });

  test('error and close are reported as the framework gave them, with its readyState', () => {
    const { handlers, events } = serve();
    handlers.error('Unrecognized Opcode: 0x3');
    handlers.close(1002, 'Unrecognized Opcode: 0x3', false);
    expect(events.map(({ at: _at, ...rest }) => rest)).toEqual([
      { type: 'error', code: null, closeCode: null, message: 'Unrecognized Opcode: 0x3', readyState: 1 },
      { type: 'close', code: 1002, reason: 'Unrecognized Opcode: 0x3', wasClean: false, readyState: 1 },
    ]);
  });
});

// wasClean goes through as the framework gave it: null (it reports none, as WebSocket-Node, faye and
// crossws) stays null whatever the code, never derived from it (1002 is no clean close)
test.each<[number, boolean | null]>([
  [1000, true],
  [1006, false],
  [1000, null],
  [1002, null],
  [1006, null],
])('close(%i, wasClean %s) is reported with that wasClean', (code, wasClean) => {
  const { handlers, events } = serve();
  handlers.close(code, '', wasClean);
  expect(events).toMatchObject([{ type: 'close', code, wasClean }]);
});

describe('a framework adapter that lies is caught by the server checks of the scenarios', () => {
  const BYTES = Uint8Array.of(0, 1, 2, 255);
  type Adapter = (handlers: ReturnType<typeof serve>['handlers']) => void;
  /** What the framework did: a binary message, then a close 1000 'done' (with no wasClean, as theirs). */
  const honest: Adapter = (handlers) => {
    handlers.message(Buffer.from(BYTES));
    handlers.close(1000, 'done', null);
  };

  function judge(adapter: Adapter, notes: string[] = []): string[] {
    const { handlers, events } = serve();
    adapter(handlers);
    const checks = new Checks();
    const messages = events.filter((event) => event.type === 'message');
    expectMessage(checks, messages[0], 'arraybuffer', BYTES, 'server: the message');
    expectServerCloseDone(checks, events);
    notes.push(...checks.notes);
    return checks.failures;
  }

  test('the honest adapter passes, noting that wasClean was not checked', () => {
    const notes: string[] = [];
    expect(judge(honest, notes)).toEqual([]);
    expect(notes).toEqual([noWasCleanNote('server')]);
  });

  test.each<[string, Adapter, string]>([
    [
      'binary handed over as text',
      (handlers) => {
        handlers.message(Buffer.from(BYTES).toString('latin1'));
        handlers.close(1000, 'done', null);
      },
      'server: the message: arrived as text, expected arraybuffer',
    ],
    [
      'code and reason from the wrong fields',
      (handlers) => {
        handlers.message(Buffer.from(BYTES));
        handlers.close(1000, '', null);
      },
      'server: close event [code, reason]: expected [1000,"done"], got [1000,""]',
    ],
    [
      'an adapter that derives wasClean from the code (1002 read as clean)',
      (handlers) => {
        handlers.message(Buffer.from(BYTES));
        handlers.close(1002, 'done', true);
      },
      'server: close event [code, reason, wasClean]: expected [1000,"done",true], got [1002,"done",true]',
    ],
    [
      'an adapter that says false for a clean close',
      (handlers) => {
        handlers.message(Buffer.from(BYTES));
        handlers.close(1000, 'done', false);
      },
      'server: close event [code, reason, wasClean]: expected [1000,"done",true], got [1000,"done",false]',
    ],
    [
      'no close event wired',
      (handlers) => handlers.message(Buffer.from(BYTES)),
      'server: close event [code, reason, wasClean]: expected [1000,"done",true], got null',
    ],
  ])('%s', (_name, adapter, failure) => {
    expect(judge(adapter)).toContain(failure);
  });
});
