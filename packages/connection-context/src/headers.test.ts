import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_test/fake-request.js';
import { buildConnectionContext } from './context.js';
import { ConnectionContextError } from './errors.js';
import { lowercaseHeaderName, singleValueHeaders } from './headers.js';

const LINES: [string, string][] = [
  ['Host', 'example.com'],
  ['Sec-WebSocket-Protocol', 'chat'],
  ['X-Custom', 'a'],
  ['x-custom', 'b'],
  ['Cookie', 'a=1'],
  ['cookie', 'b=2'],
  ['X-Empty', ''],
];

describe('headers', () => {
  const { headers } = buildConnectionContext(fakeRequest({ headers: LINES }));

  test.each([
    ['host', 'example.com', ['example.com']],
    ['HOST', 'example.com', ['example.com']],
    ['x-custom', 'a, b', ['a', 'b']],
    ['X-CUSTOM', 'a, b', ['a', 'b']],
    ['cookie', 'a=1; b=2', ['a=1', 'b=2']],
    ['x-empty', '', ['']],
    ['x-missing', null, []],
  ] as const)('%s: get %j, getAll %j', (name, joined, all) => {
    expect(headers.get(name)).toBe(joined);
    expect(headers.getAll(name)).toEqual(all);
    expect(headers.has(name)).toBe(joined !== null);
  });

  test('entries keep every line in request order, names lowercase', () => {
    expect([...headers.entries()]).toEqual(LINES.map(([name, value]) => [name.toLowerCase(), value]));
    expect([...headers]).toEqual([...headers.entries()]);
  });

  test('getAll returns a new array each call', () => {
    const first = headers.getAll('x-custom');
    first.push('mutated');
    expect(headers.getAll('x-custom')).toEqual(['a', 'b']);
  });

  test('the view is frozen and does not follow later changes to rawHeaders', () => {
    const request = fakeRequest({ headers: [['X-A', '1']] });
    const context = buildConnectionContext(request);
    request.rawHeaders.push('X-B', '2');
    request.rawHeaders[1] = 'changed';
    expect(context.headers.get('x-a')).toBe('1');
    expect(context.headers.has('x-b')).toBe(false);
    expect(Object.isFrozen(context.headers)).toBe(true);
  });

  test.each([
    ['Sec-WebSocket-Key', 'sec-websocket-key'],
    ['Sec-Websocket-Key', 'sec-websocket-key'],
    ['SEC-WEBSOCKET-KEY', 'sec-websocket-key'],
    ['User-Agent', 'user-agent'],
    ['X-Odd-Name', 'x-odd-name'],
  ])('lowercaseHeaderName(%s) is %s', (name, lower) => {
    expect(lowercaseHeaderName(name)).toBe(lower);
  });
});

describe('duplicated headers', () => {
  const message = (name: string) =>
    `Duplicate "${name}" header: the request carries it more than once (repeated lines or a comma-joined list); exactly one is allowed, so the request is refused rather than guessing which one counts`;

  test('the refused names', () => {
    expect(singleValueHeaders).toEqual(['host', 'origin', 'sec-websocket-key', 'authorization']);
  });

  test.each([
    [
      'two Origin lines',
      [
        ['Origin', 'https://evil.example'],
        ['Origin', 'https://good.example'],
      ],
      'origin',
    ],
    [
      'Origin in two spellings',
      [
        ['origin', 'https://a.example'],
        ['ORIGIN', 'https://a.example'],
      ],
      'origin',
    ],
    [
      'one Origin line with a joined list',
      [['Origin', 'https://evil.example, https://good.example']],
      'origin',
    ],
    [
      'two Host lines',
      [
        ['Host', 'a.example'],
        ['Host', 'b.example'],
      ],
      'host',
    ],
    ['Host with a comma', [['Host', 'a.example,b.example']], 'host'],
    [
      'two Sec-WebSocket-Key lines',
      [
        ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
        ['Sec-WebSocket-Key', 'x'],
      ],
      'sec-websocket-key',
    ],
    [
      'two Authorization lines',
      [
        ['Authorization', 'Bearer a'],
        ['Authorization', 'Bearer b'],
      ],
      'authorization',
    ],
    [
      'two identical Authorization lines',
      [
        ['Authorization', 'Bearer a'],
        ['authorization', 'Bearer a'],
      ],
      'authorization',
    ],
    ['joined bearer credentials', [['Authorization', 'Bearer a, Bearer b']], 'authorization'],
  ] as [string, [string, string][], string][])('%s: DUPLICATE_HEADER (400)', (_name, headers, name) => {
    const build = () => buildConnectionContext(fakeRequest({ headers }));
    expect(build).toThrow(ConnectionContextError);
    expect(build).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_HEADER', status: 400, message: message(name) }),
    );
  });

  test.each([
    [
      'two Origin values in WHATWG Headers (joined by Headers)',
      'origin',
      ['https://evil.example', 'https://good.example'],
    ],
    ['two Authorization values in WHATWG Headers', 'authorization', ['Bearer a', 'Bearer b']],
    ['two Host values in WHATWG Headers', 'host', ['a.example', 'b.example']],
  ])('%s: DUPLICATE_HEADER', (_name, name, values) => {
    const request = new Request('http://example.com/');
    for (const value of values) request.headers.append(name, value);
    expect(() => buildConnectionContext(request, { remoteAddress: '192.0.2.1' })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_HEADER', status: 400, message: message(name) }),
    );
  });

  test.each([
    [
      'list headers may repeat',
      [
        ['Sec-WebSocket-Protocol', 'a'],
        ['Sec-WebSocket-Protocol', 'b'],
      ],
    ],
    ['a Digest Authorization holds commas', [['Authorization', 'Digest username="u", realm="r"']]],
    [
      'repeated User-Agent is joined',
      [
        ['User-Agent', 'a'],
        ['User-Agent', 'b'],
      ],
    ],
  ] as [string, [string, string][]][])('%s: accepted', (_name, headers) => {
    expect(() => buildConnectionContext(fakeRequest({ headers }))).not.toThrow();
  });
});

// scanHeaders reuses the previous request's lowercase names and shares repeated values between
// requests: neither may ever leak one request's names or values into another.
describe('names and values reused between requests', () => {
  const entriesOf = (lines: [string, string][]) => [
    ...buildConnectionContext(fakeRequest({ headers: lines })).headers.entries(),
  ];

  test.each([
    [
      'same names, new values',
      [
        ['Host', 'a.example'],
        ['X-Id', '1'],
      ],
      [
        ['Host', 'b.example'],
        ['X-Id', '2'],
      ],
    ],
    [
      'same names in another order',
      [
        ['Host', 'a.example'],
        ['X-Id', '1'],
      ],
      [
        ['X-Id', '2'],
        ['Host', 'b.example'],
      ],
    ],
    [
      'same lowercase names in another case',
      [
        ['Host', 'a.example'],
        ['X-Id', '1'],
      ],
      [
        ['HOST', 'b.example'],
        ['x-id', '2'],
      ],
    ],
    [
      'one name more',
      [['Host', 'a.example']],
      [
        ['Host', 'a.example'],
        ['Origin', 'https://a.example'],
      ],
    ],
    [
      'one name fewer',
      [
        ['Host', 'a.example'],
        ['Origin', 'https://a.example'],
      ],
      [['Host', 'a.example']],
    ],
    [
      'same name as sent, different position',
      [
        ['Origin', 'https://a.example'],
        ['Cookie', 'a=1'],
      ],
      [
        ['Cookie', 'b=2'],
        ['Origin', 'https://b.example'],
      ],
    ],
  ] as [string, [string, string][], [string, string][]][])('%s', (_name, first, second) => {
    expect(entriesOf(first)).toEqual(first.map(([name, value]) => [name.toLowerCase(), value]));
    expect(entriesOf(second)).toEqual(second.map(([name, value]) => [name.toLowerCase(), value]));
    expect(entriesOf(first)).toEqual(first.map(([name, value]) => [name.toLowerCase(), value]));
  });

  test('a request refused halfway does not change how the next one is read', () => {
    const refused: [string, string][] = [
      ['Origin', 'https://a.example'],
      ['X-Between', 'x'],
      ['Origin', 'https://b.example'],
    ];
    const next: [string, string][] = [
      ['Origin', 'https://c.example'],
      ['Authorization', 'Bearer t'],
      ['X-Last', 'y'],
    ];
    entriesOf([
      ['Origin', 'https://a.example'],
      ['Cookie', 'a=1'],
      ['X-Last', 'z'],
    ]);
    expect(() => entriesOf(refused)).toThrow(expect.objectContaining({ code: 'DUPLICATE_HEADER' }));
    const context = buildConnectionContext(fakeRequest({ headers: next }));
    expect([...context.headers.entries()]).toEqual([
      ['origin', 'https://c.example'],
      ['authorization', 'Bearer t'],
      ['x-last', 'y'],
    ]);
    expect(context.headers.get('cookie')).toBe(null);
    expect(context.origin).toBe('https://c.example');
    expect(context.auth).toEqual({ scheme: 'Bearer', token: 't', source: 'header' });
  });

  test('a shared value is equal to what was sent', () => {
    const first = buildConnectionContext(fakeRequest({ headers: [['Upgrade', 'websocket']] }));
    const second = buildConnectionContext(fakeRequest({ headers: [['Upgrade', 'WebSocket']] }));
    const third = buildConnectionContext(fakeRequest({ headers: [['Upgrade', 'websocket']] }));
    expect(first.headers.get('upgrade')).toBe('websocket');
    expect(second.headers.get('upgrade')).toBe('WebSocket');
    expect(third.headers.get('upgrade')).toBe('websocket');
  });
});

describe('shared name and value caches across interleaved requests (property)', () => {
  // Names the caches know (in the cases clients send), shared-slot names, and arbitrary ones.
  const KNOWN_NAMES = [
    'Host',
    'host',
    'HOST',
    'Origin',
    'User-Agent',
    'user-agent',
    'Upgrade',
    'Connection',
    'Sec-WebSocket-Version',
    'Sec-Websocket-Version',
    'Sec-WebSocket-Extensions',
    'Sec-WebSocket-Protocol',
    'X-Forwarded-Proto',
    'X-Forwarded-For',
    'Accept-Language',
    'Accept-Encoding',
    'Cache-Control',
    'Pragma',
    'Cookie',
    'cookie',
    'X-Custom',
    'x-custom',
  ];
  const tchar = fc.constantFrom(..."abcXYZ09-_.!#$%&'*+^`|~".split(''));
  const nameArbitrary = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...KNOWN_NAMES) },
    { weight: 1, arbitrary: fc.string({ unit: tchar, minLength: 1, maxLength: 8 }) },
  );
  const printable = fc.constantFrom(...'abc XYZ019,;=/:."\'websocket'.split(''));
  const valueArbitrary = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('websocket', 'Upgrade', '13', 'en', 'gzip', 'chat', '', 'a=1') },
    { weight: 3, arbitrary: fc.string({ unit: printable, maxLength: 12 }) },
  );
  const lineArbitrary = fc.tuple(nameArbitrary, valueArbitrary);
  // A request either sends new lines or the previous request's names (the fast path) with new values.
  const requestArbitrary = fc.record({
    lines: fc.array(lineArbitrary, { maxLength: 10 }),
    reuseNames: fc.boolean(),
    readNow: fc.boolean(),
  });

  function expectOwnHeaders(context: ReturnType<typeof buildConnectionContext>, lines: [string, string][]) {
    const expected = lines.map(([name, value]) => [name.toLowerCase(), value]);
    expect([...context.headers.entries()]).toEqual(expected);
    for (const [name] of lines) {
      const lower = name.toLowerCase();
      const all = expected.filter(([line]) => line === lower).map(([, value]) => value as string);
      expect(context.headers.getAll(name)).toEqual(all);
      expect(context.headers.get(name)).toBe(all.join(lower === 'cookie' ? '; ' : ', '));
      expect(context.headers.has(name)).toBe(true);
    }
    expect(context.headers.has('x-never-sent')).toBe(false);
  }

  test('every context reads back exactly its own header lines', () => {
    fc.assert(
      fc.property(
        fc.array(requestArbitrary, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat()),
        (requests, order) => {
          const built: { context: ReturnType<typeof buildConnectionContext>; lines: [string, string][] }[] =
            [];
          let previous: [string, string][] = [];
          for (const request of requests) {
            const lines: [string, string][] =
              request.reuseNames && previous.length > 0
                ? previous.map(([name], index) => [name, request.lines[index]?.[1] ?? `v${index}`])
                : request.lines;
            previous = lines;
            const raw = fakeRequest({ headers: lines });
            let context: ReturnType<typeof buildConnectionContext>;
            try {
              context = buildConnectionContext(raw);
            } catch (error) {
              // Refused requests (a repeated Host, a malformed token...) still went through the caches.
              expect(error).toBeInstanceOf(ConnectionContextError);
              continue;
            }
            // Nothing the request object does later reaches the context.
            (raw.rawHeaders as string[]).fill('changed');
            if (request.readNow) expectOwnHeaders(context, lines);
            built.push({ context, lines });
          }
          // Read lazily afterwards, in an arbitrary order, after every other build.
          for (let step = 0; step < built.length; step++) {
            const pick = built[(order[step] ?? step) % built.length] as (typeof built)[number];
            expectOwnHeaders(pick.context, pick.lines);
          }
          for (const { context, lines } of built) expectOwnHeaders(context, lines);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the trie of header orders is bounded', () => {
  test('past its size it starts over, also in the middle of a request, and every context keeps its own lines', () => {
    // 1,500 requests of 3 names never seen before: 4,500 new orders, past the 2,048 the trie keeps,
    // so it starts over twice, each time while a request is being read.
    const built = [];
    for (let request = 0; request < 1500; request++) {
      const lines: [string, string][] = [
        ['Host', 'example.test'],
        [`X-First-${request}`, `a${request}`],
        [`X-Second-${request}`, `b${request}`],
        ['User-Agent', 'agent'],
        [`X-Third-${request}`, `c${request}`],
        ['Origin', 'https://app.example.test'],
      ];
      built.push({ lines, context: buildConnectionContext(fakeRequest({ headers: lines })) });
    }
    for (const { lines, context } of built) {
      expect([...context.headers.entries()]).toEqual(
        lines.map(([name, value]) => [name.toLowerCase(), value]),
      );
      expect(context.origin).toBe('https://app.example.test');
      expect(context.userAgent).toBe('agent');
    }
  });
});
