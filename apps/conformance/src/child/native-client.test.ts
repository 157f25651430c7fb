// The native client path of runConnection, against an in-memory library behind the driver interface:
// the honest library passes the connection checks, and each lie a broken library or driver could tell
// is caught by them with its own failure text.
import { describe, expect, test } from 'vitest';
import { Checks } from '../scenarios/_checks.js';
import {
  ALL_BYTES,
  base64,
  eventsOf,
  expectMessage,
  expectOneClose,
  healthy,
} from '../scenarios/_connection.js';
import type { ConnectionRecord } from '../scenarios/_types.js';
import { closeArguments, runConnection } from './connection.js';
import { type NativeClientDriver, nativeDriverOf, withNativeDriver } from './native-client.js';
import type { ConnectionOutcome, ConnectionSpec, ConnectionStep } from './protocol.js';

interface Lies {
  /** binary echoed as a Latin-1 string */
  binaryAsText?: boolean;
  /** the last byte of a binary echo dropped */
  truncate?: boolean;
  /** two close notifications */
  closeTwice?: boolean;
  /** close() never ends in a close notification */
  silentClose?: boolean;
  /** the peer closes (1001) right after the first echo */
  closeAfterFirstEcho?: boolean;
}

/** An echo library in memory: open after a tick, every message echoed, close answered in kind. */
function fakeLibrary(lies: Lies = {}, refuse: (code: number | undefined) => Error | null = () => null) {
  const sent: unknown[] = [];
  const closes: unknown[][] = [];
  const driver: NativeClientDriver = {
    open(_url, protocols, events) {
      let state = 0;
      setTimeout(() => {
        state = 1;
        events.open();
      }, 1);
      return {
        readyState: () => state,
        protocol: () => protocols[0] ?? '',
        setBinaryType: null,
        send(data) {
          sent.push(data);
          const echo =
            typeof data === 'string'
              ? data
              : lies.binaryAsText
                ? Buffer.from(data).toString('latin1')
                : Buffer.from(lies.truncate ? data.subarray(0, -1) : data);
          setTimeout(() => {
            events.message(echo);
            if (lies.closeAfterFirstEcho) {
              state = 3;
              events.close(1001, 'going away', true);
            }
          }, 1);
        },
        close(...args) {
          const error = refuse(args[0]);
          if (error !== null) throw error;
          closes.push(args);
          state = 2;
          if (lies.silentClose) return;
          setTimeout(() => {
            state = 3;
            events.close(args[0] ?? 1005, args[1] ?? '', true);
            if (lies.closeTwice) events.close(1006, '', false);
          }, 1);
        },
      };
    },
  };
  return { impl: withNativeDriver(class FakeLibrary {}, driver), sent, closes };
}

function script(steps: ConnectionStep[]): ConnectionSpec {
  return {
    url: 'ws://127.0.0.1:1/fake',
    protocols: [],
    closeTimeoutMs: 500,
    throwingListeners: 0,
    openTimeoutMs: 500,
    steps,
    settleMs: 20,
  };
}

const BINARY: ConnectionStep = {
  op: 'send',
  data: { kind: 'binary', base64: base64(ALL_BYTES), view: 'blob' },
};
const ROUND_TRIP: ConnectionStep[] = [
  { op: 'send', data: { kind: 'text', text: 'héllo ✓' } },
  BINARY,
  { op: 'await-messages', count: 2, timeoutMs: 300 },
  { op: 'close', code: 1000, reason: 'done' },
  { op: 'await-close', timeoutMs: 300 },
];

function record(outcome: ConnectionOutcome): ConnectionRecord {
  return { url: 'ws://fake', result: { outcome, process: { alive: true, reason: '' } }, server: null };
}

/** The checks the round-trip scenarios make on a client, for a native library (binary is a Buffer). */
function judge(outcome: ConnectionOutcome): string[] {
  const checks = new Checks();
  const healthyOutcome = healthy(checks, record(outcome), 'native');
  if (healthyOutcome !== null) {
    const messages = eventsOf(healthyOutcome, 'message');
    expectMessage(checks, messages[0], 'text', 'héllo ✓', 'text echo');
    expectMessage(checks, messages[1], 'nodebuffer', ALL_BYTES, 'binary echo');
    expectOneClose(checks, healthyOutcome, { code: 1000, reason: 'done', wasClean: true }, 'close');
  }
  return checks.failures;
}

describe('runConnection through a native driver', () => {
  test('the honest library passes: text as text, bytes as a Buffer, one close, closed from it', async () => {
    const { impl, sent, closes } = fakeLibrary();
    const outcome = await runConnection(impl, script(ROUND_TRIP));
    expect(judge(outcome)).toEqual([]);
    expect(outcome.closed).toEqual({ code: 1000, reason: 'done', wasClean: true });
    // the library gets a string and bytes, whatever view the script named (here a Blob)
    expect(sent.map((data) => (typeof data === 'string' ? 'string' : data?.constructor.name))).toEqual([
      'string',
      'Uint8Array',
    ]);
    expect(closes).toEqual([[1000, 'done']]);
  });

  test.each<[string, Lies, string]>([
    ['binary echoed as text', { binaryAsText: true }, 'binary echo: arrived as text, expected nodebuffer'],
    ['a byte lost', { truncate: true }, 'binary echo: content differs: 255 B'],
    ['two close notifications', { closeTwice: true }, 'close: expected one close event'],
    ['no close notification', { silentClose: true }, 'close: expected one close event'],
  ])('a library that lies (%s) is caught', async (_name, lies, failure) => {
    const { impl } = fakeLibrary(lies);
    const failures = judge(await runConnection(impl, script(ROUND_TRIP)));
    expect(failures.some((text) => text.startsWith(failure))).toBe(true);
  });

  test("a close the library refuses is the step's throw, with the library's own error", async () => {
    const { impl } = fakeLibrary({}, (code) =>
      code === 1001 ? new RangeError('Close code 1001 refused') : null,
    );
    const outcome = await runConnection(impl, script([{ op: 'close', code: 1001 }, ...ROUND_TRIP]));
    expect(eventsOf(outcome, 'step')[0]).toMatchObject({
      op: 'close',
      threw: { name: 'RangeError', code: null, message: 'Close code 1001 refused' },
      readyState: 1,
    });
    expect(judge(outcome)).toEqual([]);
  });

  test('a wait for messages ends at the close, not at its timeout, and says so', async () => {
    const { impl } = fakeLibrary({ closeAfterFirstEcho: true });
    const outcome = await runConnection(
      impl,
      script([
        { op: 'send', data: { kind: 'text', text: 'one' } },
        { op: 'await-messages', count: 2, timeoutMs: 10_000 },
      ]),
    );
    expect(outcome.timedOut).toBe('2 messages (got 1, then the close)');
    expect(outcome.durationMs).toBeLessThan(5_000);
    expect(eventsOf(outcome, 'close')).toHaveLength(1);
  });

  test('a wait for messages that times out names the count at its end', async () => {
    const { impl } = fakeLibrary();
    const outcome = await runConnection(
      impl,
      script([
        { op: 'send', data: { kind: 'text', text: 'one' } },
        { op: 'await-messages', count: 2, timeoutMs: 300 },
      ]),
    );
    expect(outcome.timedOut).toBe('2 messages (got 1)');
  });

  test('a driver whose open throws is a setup error, nothing else runs', async () => {
    const impl = withNativeDriver(class Broken {}, {
      open() {
        throw new TypeError('bad url');
      },
    });
    const outcome = await runConnection(impl, script(ROUND_TRIP));
    expect(outcome).toMatchObject({
      events: [],
      setupError: { name: 'TypeError', message: 'bad url' },
      finalReadyState: -1,
    });
  });
});

describe('closeArguments: an omitted argument stays omitted', () => {
  test.each<[Extract<ConnectionStep, { op: 'close' }>, unknown[]]>([
    [{ op: 'close' }, []],
    [{ op: 'close', code: 1000 }, [1000]],
    [{ op: 'close', code: null, reason: 'why' }, [undefined, 'why']],
    [{ op: 'close', code: 4001, reason: 'bye' }, [4001, 'bye']],
  ])('%j -> %j', (step, args) => {
    const got = closeArguments(step);
    expect(got).toEqual(args);
    expect(got).toHaveLength(args.length);
  });
});

describe('nativeDriverOf', () => {
  const driver: NativeClientDriver = { open: () => ({}) as never };

  test.each<[string, unknown, boolean]>([
    ['a class with a driver', withNativeDriver(class WithDriver {}, driver), true],
    ['a plain class', class Plain {}, false],
    ['null', null, false],
    ['a string', 'ws', false],
  ])('%s -> %s', (_name, impl, found) => {
    expect(nativeDriverOf(impl) !== null).toBe(found);
  });

  test('a subclass of a driven class is driven too (the adapters hand over subclasses)', () => {
    const Base = withNativeDriver(class Base {}, driver);
    expect(nativeDriverOf(class Sub extends Base {})).toBe(driver);
  });
});
