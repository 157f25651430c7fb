// Each whole-connection check against a model pair that lies: the honest pair passes, each lie is
// caught with its own failure text.
import { describe, expect, test } from 'vitest';
import { type FakeSides, fakeConnectionCell } from '../_test/fake-connection.js';
import type { ObservedEvent } from '../child/protocol.js';
import { Checks } from './_checks.js';
import { type CloseSide, expectCloseFields, expectWasClean, noWasCleanNote } from './_connection.js';
import type { ConnectionRecord } from './_types.js';
import { binaryRoundTrip } from './binary-round-trip.js';
import { closeBothWays } from './close-both-ways.js';
import { closeWhileConnecting } from './close-while-connecting.js';
import { invalidCloseRefused } from './invalid-close-refused.js';
import { largeMessage } from './large-message.js';
import { textRoundTrip } from './text-round-trip.js';
import { throwingListener } from './throwing-listener.js';

type Lie = (record: ConnectionRecord) => ConnectionRecord;

/** Rewrites the client's events (the outcome must exist). */
function clientEvents(rewrite: (events: ObservedEvent[]) => ObservedEvent[]): Lie {
  return (record) => {
    const outcome = record.result.outcome!;
    return {
      ...record,
      result: { ...record.result, outcome: { ...outcome, events: rewrite(outcome.events) } },
    };
  };
}

/** Rewrites the server's events. */
function serverSide(rewrite: (events: ObservedEvent[]) => ObservedEvent[]): Lie {
  return (record) => ({
    ...record,
    server: { ...record.server!, events: rewrite(record.server!.events ?? []) },
  });
}

const firstMessage =
  (change: Partial<Extract<ObservedEvent, { type: 'message' }>>) =>
  (events: ObservedEvent[]): ObservedEvent[] => {
    let done = false;
    return events.map((event) => {
      if (done || event.type !== 'message') return event;
      done = true;
      return { ...event, ...change } as ObservedEvent;
    });
  };

const closeEvents =
  (change: Partial<Extract<ObservedEvent, { type: 'close' }>>) =>
  (events: ObservedEvent[]): ObservedEvent[] =>
    events.map((event) => (event.type === 'close' ? ({ ...event, ...change } as ObservedEvent) : event));

const SCENARIOS = [
  textRoundTrip,
  binaryRoundTrip,
  largeMessage,
  closeBothWays,
  invalidCloseRefused,
  throwingListener,
  closeWhileConnecting,
];

describe('the honest model pair', () => {
  test.each(SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    'passes %s',
    async (_id, scenario) => {
      expect(await scenario.run(fakeConnectionCell((record) => record))).toEqual({ ok: true });
    },
  );
});

describe('a program pair (Python, Go: binary is bytes, there is no binaryType)', () => {
  const program = { client: 'program', server: 'program' } as const;

  test.each([largeMessage, textRoundTrip, closeBothWays].map((scenario) => [scenario.id, scenario] as const))(
    'passes %s where binaryType is not the point',
    async (_id, scenario) => {
      expect(await scenario.run(fakeConnectionCell((record) => record, program))).toEqual({ ok: true });
    },
  );

  test.each<[string, FakeSides, (typeof SCENARIOS)[number], string]>([
    [
      'binary-round-trip: bytes are not the binaryType asked for',
      program,
      binaryRoundTrip,
      "binaryType 'blob': sent as arraybuffer: arrived as bytes, expected blob",
    ],
    [
      'a program client that claims a binaryType (arraybuffer) is caught',
      { client: 'facade', server: 'program' },
      largeMessage,
      'client: 1 MiB binary: arrived as arraybuffer, expected bytes',
    ],
  ])('%s', async (_name, sides, scenario, failure) => {
    // the second row: a facade record (arraybuffer) from a cell whose client is a program
    const cell = fakeConnectionCell((record) => record, sides);
    const judged =
      sides.client === 'facade' ? { ...cell, client: fakeConnectionCell((r) => r, program).client } : cell;
    const verdict = await scenario.run(judged);
    expect(verdict.ok ? [] : verdict.failures).toEqual(
      expect.arrayContaining([expect.stringContaining(failure)]),
    );
  });
});

describe('wasClean null: the library reports none, so it is not judged (the code and reason are)', () => {
  test.each<[boolean | null, boolean, string[], string[]]>([
    [null, true, [], [noWasCleanNote('client')]],
    [null, false, [], [noWasCleanNote('client')]],
    [true, true, [], []],
    [false, false, [], []],
    // a driver that says true for an unclean close (a guess by code) is still caught
    [true, false, ['label: wasClean true, expected false'], []],
    [false, true, ['label: wasClean false, expected true'], []],
  ])('expectWasClean(%s, want %s)', (wasClean, want, failures, notes) => {
    const checks = new Checks();
    expectWasClean(checks, wasClean, want, 'client', 'label');
    expect([checks.failures, checks.notes]).toEqual([failures, notes]);
  });

  test('the note is recorded once per side, however many closes', () => {
    const checks = new Checks();
    for (const side of ['client', 'server', 'client', 'server'] as CloseSide[])
      expectWasClean(checks, null, true, side, 'label');
    expect(checks.notes).toEqual([noWasCleanNote('client'), noWasCleanNote('server')]);
  });

  test('a failing verdict keeps the note, so a failed or expected-fail cell still shows it', () => {
    const checks = new Checks();
    expectWasClean(checks, null, true, 'client', 'label');
    checks.that(false, 'label: code 1006, expected 1000');
    expect(checks.verdict()).toEqual({
      ok: false,
      reason: 'label: code 1006, expected 1000',
      failures: ['label: code 1006, expected 1000'],
      note: noWasCleanNote('client'),
    });
  });

  const close = (code: number, reason: string, wasClean: boolean | null) =>
    ({ type: 'close', at: 0, code, reason, wasClean, readyState: 3 }) as const;
  test.each<[string, ReturnType<typeof close> | undefined, string[]]>([
    ['a null wasClean is left out', close(1000, 'done', null), []],
    [
      'a null wasClean does not hide the reason',
      close(1000, '', null),
      ['x [code, reason]: expected [1000,"done"], got [1000,""]'],
    ],
    [
      'a null wasClean does not hide the code',
      close(1002, 'done', null),
      ['x [code, reason]: expected [1000,"done"], got [1002,"done"]'],
    ],
    [
      'a boolean is compared',
      close(1000, 'done', false),
      ['x [code, reason, wasClean]: expected [1000,"done",true], got [1000,"done",false]'],
    ],
    ['no close event', undefined, ['x [code, reason, wasClean]: expected [1000,"done",true], got null']],
  ])('expectCloseFields: %s', (_name, event, failures) => {
    const checks = new Checks();
    expectCloseFields(checks, event, { code: 1000, reason: 'done', wasClean: true }, 'server', 'x');
    expect(checks.failures).toEqual(failures);
  });

  /** Both libraries report no wasClean: every close event and `closed` carry null. */
  const unreported: Lie = (record) => {
    const rewritten = serverSide(closeEvents({ wasClean: null }))(
      clientEvents(closeEvents({ wasClean: null }))(record),
    );
    const outcome = rewritten.result.outcome!;
    const closed = outcome.closed === null ? null : { ...outcome.closed, wasClean: null };
    return { ...rewritten, result: { ...rewritten.result, outcome: { ...outcome, closed } } };
  };
  test.each(SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    '%s passes a pair whose libraries report no wasClean, with the note',
    async (_id, scenario) => {
      const verdict = await scenario.run(fakeConnectionCell(unreported));
      expect(verdict).toEqual({ ok: true, note: expect.stringContaining(noWasCleanNote('client')) });
    },
  );

  test.each<[string, (typeof SCENARIOS)[number], Lie, string]>([
    [
      'a client that reports true for an unclean close (close while connecting: 1006)',
      closeWhileConnecting,
      clientEvents(closeEvents({ wasClean: true })),
      'close: wasClean true, expected false',
    ],
    [
      'a client with no wasClean and the wrong code',
      closeBothWays,
      clientEvents(closeEvents({ wasClean: null, code: 1005 })),
      'client closes 4001: client: close code 1005, expected 4001',
    ],
    [
      'a server with no wasClean and the reason lost',
      closeBothWays,
      serverSide(closeEvents({ wasClean: null, reason: '' })),
      'client closes 4001: server close event [code, reason]: expected [4001,"client ✓ bye"], got [4001,""]',
    ],
    [
      'a server that reports false for a clean close',
      textRoundTrip,
      serverSide(closeEvents({ wasClean: false })),
      'server: close event [code, reason, wasClean]: expected [1000,"done",true], got [1000,"done",false]',
    ],
  ])('%s is caught', async (_name, scenario, lie, failure) => {
    const verdict = await scenario.run(fakeConnectionCell(lie));
    expect(verdict.ok ? [] : verdict.failures).toEqual(
      expect.arrayContaining([expect.stringContaining(failure)]),
    );
  });
});

describe('every lie is caught', () => {
  test.each<[string, (typeof SCENARIOS)[number], Lie, string]>([
    [
      'text delivered as a Buffer (ws 8 without the facade)',
      textRoundTrip,
      clientEvents(firstMessage({ kind: 'nodebuffer' })),
      'client: the echo: arrived as nodebuffer, expected text',
    ],
    [
      'the echo corrupted (a lost character)',
      textRoundTrip,
      clientEvents(firstMessage({ size: 27, digest: '00000000' })),
      'client: the echo: content differs: 27 B digest 00000000',
    ],
    [
      'the server got text as binary',
      textRoundTrip,
      serverSide(firstMessage({ kind: 'arraybuffer' })),
      'server: the message: arrived as arraybuffer, expected text',
    ],
    [
      'the client process died',
      textRoundTrip,
      (record) => ({
        ...record,
        result: { outcome: null, process: { alive: false, reason: 'exited (code 1)' } },
      }),
      'text round trip: the client process died: exited (code 1)',
    ],
    [
      'the process stopped answering after the script',
      textRoundTrip,
      (record) => ({ ...record, result: { ...record.result, process: { alive: false, reason: 'no pong' } } }),
      'the client process does not answer after the script: no pong',
    ],
    [
      'the server reported nothing',
      textRoundTrip,
      (record) => ({ ...record, server: null }),
      'server: the server reported no connection',
    ],
    [
      'binary delivered as a string where binary was sent',
      binaryRoundTrip,
      clientEvents(firstMessage({ kind: 'text' })),
      "binaryType 'blob': sent as arraybuffer: arrived as text, expected blob",
    ],
    [
      'a close event with the wrong code',
      closeBothWays,
      clientEvents(closeEvents({ code: 1005 })),
      'client closes 4001: client: close code 1005, expected 4001',
    ],
    [
      'the reason arrives empty at the receiving end',
      closeBothWays,
      serverSide(closeEvents({ reason: '' })),
      'client closes 4001: server close event [code, reason, wasClean]: expected [4001,"client ✓ bye",true], got [4001,"",true]',
    ],
    [
      'wasClean false after a clean closing handshake (ws 2)',
      closeBothWays,
      clientEvents(closeEvents({ wasClean: false })),
      'client closes 4001: client: wasClean false, expected true',
    ],
    [
      'two close events',
      closeBothWays,
      clientEvents((events) => [...events, ...events.filter((event) => event.type === 'close')]),
      'client closes 4001: client: expected one close event',
    ],
    [
      'readyState goes back to 2 after close (undici 7/8, Node 24)',
      closeBothWays,
      (record) => ({
        ...record,
        result: {
          ...record.result,
          outcome: { ...record.result.outcome!, finalReadyState: 2, readyStates: [1, 3, 2] },
        },
      }),
      'readyState did not stay 3 (history 1 -> 3 -> 2)',
    ],
    [
      'closed settles with other values than the event',
      closeBothWays,
      (record) => ({
        ...record,
        result: { ...record.result, outcome: { ...record.result.outcome!, closed: null } },
      }),
      'client closes 4001: client: closed settled with: expected {"code":4001',
    ],
    [
      'an invalid close() not refused (ws before 8.22: stuck CLOSING)',
      invalidCloseRefused,
      clientEvents((events) =>
        events.map((event) =>
          event.type === 'step' && event.index === 0 ? { ...event, threw: null, readyState: 2 } : event,
        ),
      ),
      'client close(1001): expected InvalidAccessError, did not throw',
    ],
    [
      'a 1 MiB message truncated',
      largeMessage,
      clientEvents(firstMessage({ size: 65_536 })),
      'client: 1 MiB text: content differs: 65536 B',
    ],
    [
      'a throwing listener is not isolated: later messages lost',
      throwingListener,
      clientEvents((events) => events.filter((event) => !(event.type === 'message' && event.head === 'two'))),
      'client: a later message: no message arrived',
    ],
    [
      'the server listener threw silently',
      throwingListener,
      serverSide((events) => events.filter((event) => event.type !== 'listener-error')),
      'server: its throwing listener was not reported to onListenerError',
    ],
    [
      'close() while connecting never fires close (undici 5/6, Node 20/22)',
      closeWhileConnecting,
      clientEvents((events) => events.filter((event) => event.type !== 'close')),
      'close: expected one close event',
    ],
    [
      'close() while connecting still opens',
      closeWhileConnecting,
      clientEvents((events) => [{ type: 'open', at: 0, readyState: 1, protocol: '' }, ...events]),
      'an open event came after close()',
    ],
  ])('%s', async (_lie, scenario, lie, failure) => {
    const verdict = await scenario.run(fakeConnectionCell(lie));
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? [] : verdict.failures).toEqual(
      expect.arrayContaining([expect.stringContaining(failure)]),
    );
  });
});
