import { describe, expect, test } from 'vitest';
import { fakeRequest } from './_fake-request.js';
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
