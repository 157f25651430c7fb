import { describe, expect, test } from 'vitest';
import { type FakeExchange, fakeCell } from '../_test/fake-cell.js';
import type { AttemptOutcome } from '../child/protocol.js';
import { attemptsInTurn } from './_checks.js';
import type { AttemptRecord, AttemptRequest, CellContext, Scenario } from './_types.js';
import { failureSettles } from './failure-settles.js';
import { unreachableSettles } from './unreachable-settles.js';

/** What an honest client and server do: each failure as header-options reports it, in time. */
function honest(request: AttemptRequest): FakeExchange {
  const failure = (code: string, status: number | null): Partial<AttemptOutcome> => ({
    opened: false,
    protocol: null,
    echoed: null,
    error: { name: 'HandshakeError', code, status, message: code, synchronous: false },
    durationMs: 20,
  });
  const none = { requestHeaders: ['Host: 127.0.0.1'], server: null };
  if (request.mode === 'reject')
    return { ...none, response: ['HTTP/1.1 401 Unauthorized'], outcome: failure('REJECTED', 401) };
  if (request.mode === 'mismatch')
    return { ...none, response: ['HTTP/1.1 101 Switching Protocols'], outcome: failure('SUBPROTOCOL', null) };
  if (request.route === 'refused') return { ...none, response: null, outcome: failure('REFUSED', null) };
  return { ...none, response: null, outcome: { ...failure('TIMEOUT', null), durationMs: 1_010 } };
}

type Lie = (exchange: FakeExchange, request: AttemptRequest) => FakeExchange;
const on =
  (which: (request: AttemptRequest) => boolean, change: (exchange: FakeExchange) => FakeExchange): Lie =>
  (exchange, request) =>
    which(request) ? change(exchange) : exchange;
const withError = (code: string, status: number | null) => (exchange: FakeExchange) => ({
  ...exchange,
  outcome: {
    ...exchange.outcome,
    error: { name: 'HandshakeError', code, status, message: code, synchronous: false },
  },
});
const rejected = (request: AttemptRequest) => request.mode === 'reject';
const mismatch = (request: AttemptRequest) => request.mode === 'mismatch';
const refused = (request: AttemptRequest) => request.route === 'refused';
const silent = (request: AttemptRequest) => request.route === 'silent';

/** A fake cell whose client process may be dead, and whose silent server may record other requests. */
function cellWith(lie: Lie | null, options: { dead?: boolean; silentRequests?: string[] } = {}): CellContext {
  const cell = fakeCell((request) => (lie === null ? honest(request) : lie(honest(request), request)));
  const attempt = cell.attempt;
  return {
    ...cell,
    alive: async () =>
      options.dead ? { alive: false, reason: 'exited (code 1)' } : { alive: true, reason: '' },
    async attempt(request): Promise<AttemptRecord> {
      const record = await attempt(request);
      const requests = options.silentRequests;
      if (requests === undefined || request.route !== 'silent') return record;
      const connections = requests.map((bytes) => ({
        ...record.connections[0]!,
        request: Buffer.from(bytes, 'latin1'),
      }));
      return { ...record, connections };
    },
  };
}

describe.each([
  {
    scenario: failureSettles,
    lies: [
      [
        'the 401 is reported as NETWORK',
        on(rejected, withError('NETWORK', null)),
        'server rejects: expected HandshakeError REJECTED (status 401), got HandshakeError NETWORK',
      ],
      [
        'the 401 is reported with status 403',
        on(rejected, withError('REJECTED', 403)),
        'got HandshakeError REJECTED (status 403)',
      ],
      [
        'the server answers 403',
        on(rejected, (e) => ({ ...e, response: ['HTTP/1.1 403 Forbidden'] })),
        'server rejects: response status bytes: expected 401, got 403',
      ],
      [
        'the mismatch opens (hono)',
        on(mismatch, (e) => ({ ...e, outcome: { opened: true, protocol: 'chat', error: null } })),
        'no common subprotocol: opened instead of failing with SUBPROTOCOL',
      ],
      [
        'the mismatch is a 400',
        on(mismatch, (e) => ({ ...e, response: ['HTTP/1.1 400 Bad Request'] })),
        'no common subprotocol: response status bytes: expected 101, got 400',
      ],
      [
        'the rejection settles late',
        on(rejected, (e) => ({ ...e, outcome: { ...e.outcome, durationMs: 6_500 } })),
        'server rejects: settled after 6500 ms, beyond timeoutMs 4000',
      ],
    ] as [string, Lie, string][],
    attempts: ['reject', 'mismatch'],
  },
  {
    scenario: unreachableSettles,
    lies: [
      [
        'the refused port is reported as NETWORK',
        on(refused, withError('NETWORK', null)),
        'connection refused: expected HandshakeError REFUSED, got HandshakeError NETWORK',
      ],
      [
        'the silent server is reported as NETWORK',
        on(silent, withError('NETWORK', null)),
        'server never answers: expected HandshakeError TIMEOUT, got HandshakeError NETWORK',
      ],
      [
        'the timeout comes late',
        on(silent, (e) => ({ ...e, outcome: { ...e.outcome, durationMs: 3_100 } })),
        'server never answers: settled after 3100 ms, beyond timeoutMs 1000',
      ],
      [
        'the silent server opens',
        on(silent, (e) => ({ ...e, outcome: { opened: true, protocol: '', error: null } })),
        'server never answers: opened instead of failing with TIMEOUT',
      ],
    ] as [string, Lie, string][],
    attempts: ['refused', 'silent'],
  },
] satisfies { scenario: Scenario; lies: [string, Lie, string][]; attempts: string[] }[])(
  '$scenario.id',
  ({ scenario, lies, attempts }) => {
    test('an honest client passes, with exactly its own attempts', async () => {
      const seen: string[] = [];
      const cell = fakeCell((request) => {
        seen.push(request.mode ?? request.route ?? 'main');
        return honest(request);
      });
      expect(await scenario.run(cell)).toEqual({ ok: true });
      expect(seen).toEqual(attempts);
    });

    test.each(lies)('%s is caught', async (_name, lie, failure) => {
      const verdict = await scenario.run(cellWith(lie));
      expect(verdict.ok).toBe(false);
      expect(verdict.ok ? [] : verdict.failures).toContainEqual(expect.stringContaining(failure));
    });

    test('a client process that died is caught', async () => {
      const verdict = await scenario.run(cellWith(null, { dead: true }));
      expect(verdict).toMatchObject({
        ok: false,
        failures: ['the client process did not survive: exited (code 1)'],
      });
    });
  },
);

const GET = 'GET /__attempt/f2/silent HTTP/1.1\r\n\r\n';

describe('unreachable-settles: what reached the silent server', () => {
  test.each([
    [
      'no request (a connection that stayed empty) is a failure',
      [''],
      { ok: false, failures: ['server never answers: the request never reached the silent server'] },
    ],
    [
      'an idle extra connection is a note, not a failure',
      [GET, ''],
      {
        ok: true,
        note: 'the client opened 1 more idle connection(s) to the silent server after the timeout',
      },
    ],
    [
      'a second request is a failure',
      [GET, GET],
      { ok: false, failures: ['server never answers: 1 more request(s) sent after the first'] },
    ],
  ])('%s', async (_name, silentRequests, expected) => {
    expect(await unreachableSettles.run(cellWith(null, { silentRequests }))).toMatchObject(expected);
  });
});

describe('attemptsInTurn', () => {
  test('runs the attempts one after another, in order, each offering chat', async () => {
    const log: string[] = [];
    let running = 0;
    const cell = {
      async attempt(request: AttemptRequest): Promise<AttemptRecord> {
        running++;
        log.push(`start ${request.path} ${JSON.stringify(request.options.protocols)} (${running} running)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return { path: request.path } as unknown as AttemptRecord;
      },
    } as unknown as CellContext;
    const records = await attemptsInTurn(cell, {
      first: { path: '/a', timeoutMs: 10 },
      second: { path: '/b', timeoutMs: 10 },
    });
    expect(log).toEqual(['start /a ["chat"] (1 running)', 'start /b ["chat"] (1 running)']);
    expect(Object.keys(records)).toEqual(['first', 'second']);
  });
});
