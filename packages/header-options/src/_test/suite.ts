// Test-only: the one integration suite every real client runs (see src/clients/*.test.ts).
import { getEventListeners } from 'node:events';
import { headText, refusingPort, startRecorder, type TcpRecorder } from '@ws-compat/wire';
import { afterAll, afterEach, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { connect } from '../connect.js';
import { createWebSocket, toConstructorArgs } from '../create.js';
import { HandshakeError } from '../errors.js';
import { detectImplementation, type WebSocketConstructor } from '../implementations/detect.js';
import type { ClientUnderTest } from './clients.js';
import { failure } from './failure.js';
import { type RecordingServer, type ServerMode, startRecordingServer } from './server.js';

/** A failure case: name, server mode, offered protocols, code, status, message for the URL. */
type Failure = [string, ServerMode, string[], string, number | null, (url: string) => string];

/** A 101 that selects a protocol never offered: the client's own check (matrix: unoffered-protocol). */
const SMOKE_FAILURES: Failure[] = [
  [
    'the server selects a subprotocol not offered',
    'select-unoffered',
    ['chat'],
    'SUBPROTOCOL',
    null,
    (url) => `Server selected the subprotocol "surprise", which was not offered (offered: chat) (${url})`,
  ],
  [
    'the server selects one when none was offered',
    'select-unoffered',
    [],
    'SUBPROTOCOL',
    null,
    (url) => `Server selected the subprotocol "surprise" but none was offered (${url})`,
  ],
];

interface AnySocket {
  readonly readyState: number;
  readonly protocol: string;
  close(): void;
}

const WATCHED_EVENTS = ['open', 'error', 'close', 'unexpected-response', 'upgrade'];

/** A subclass that remembers its instances, so tests can inspect sockets `connect()` abandoned. */
function traced(WebSocketImpl: WebSocketConstructor): { Traced: WebSocketConstructor; instances: object[] } {
  const instances: object[] = [];
  const Base = WebSocketImpl as unknown as new (...args: unknown[]) => object;
  class Traced extends Base {
    constructor(...args: unknown[]) {
      super(...args);
      instances.push(this);
    }
  }
  return { Traced, instances };
}

function listenerCount(socket: object): number {
  let count = 0;
  for (const event of WATCHED_EVENTS) {
    count += getEventListeners(socket as EventTarget, event).length;
  }
  return count;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function closed(socket: object): Promise<void> {
  const candidate = socket as AnySocket;
  await waitUntil(() => candidate.readyState === 3 || candidate.readyState === 2, 'the socket to close');
}

function headerLines(head: string, name: string): string[] {
  const prefix = `${name.toLowerCase()}:`;
  return head
    .split('\r\n')
    .slice(1)
    .filter((line) => line.toLowerCase().startsWith(prefix))
    .map((line) => line.slice(prefix.length).replace(/^ /, ''));
}

/**
 * Runs the shared handshake suite against one real client. Every version: detection, subprotocol
 * planning, a message sent with the 101, and every `connect()` failure settling with its code and
 * message and leaving no listener behind (header-options' own logic, whose outcome depends on the
 * client's event model). The smoke rows (`client.smoke`) also check what the conformance matrix owns
 * for every version: headers, subprotocols, origin and the bearer token arrive exactly once with exact
 * bytes; rejected input opens nothing; a 101 selecting an unoffered protocol fails.
 */
export function runClientSuite(load: () => ClientUnderTest): void {
  const client = load();
  const { capabilities } = client;
  const protocols = capabilities.multipleProtocols ? ['chat', 'superchat'] : ['chat'];

  /** Ours are gone once the socket closed; ws emits `close` after `error`, so wait for it there. */
  async function expectNoListenersLeft(socket: object): Promise<void> {
    await closed(socket);
    const expected = capabilities.ownErrorListenersAfterClose;
    if (client.kind === 'ws') await waitUntil(() => listenerCount(socket) === expected, 'ws to emit close');
    expect(listenerCount(socket)).toBe(expected);
    expect(getEventListeners(socket as EventTarget, 'error')).toHaveLength(expected);
  }

  describe(`${client.id} (${client.kind})`, () => {
    let server: RecordingServer;
    let recorder: TcpRecorder;
    const open: AnySocket[] = [];

    beforeAll(async () => {
      server = await startRecordingServer();
      recorder = await startRecorder({ target: { port: server.port } });
    });
    afterEach(() => {
      for (const socket of open.splice(0)) socket.close();
      server.mode = 'accept';
    });
    afterAll(async () => {
      await recorder.close();
      await server.close();
    });

    test('is detected as a header-capable implementation', () => {
      expect(detectImplementation(client.WebSocket)).toEqual({
        kind: client.kind,
        headers: true,
        maxProtocols: capabilities.multipleProtocols ? Infinity : 1,
        version: null,
        handshakeGuard: client.kind === 'undici',
      });
    });

    test('without protocols no Sec-WebSocket-Protocol is sent and the socket opens', async () => {
      const before = recorder.connections.length;
      const socket = (await connect(client.WebSocket, `ws://127.0.0.1:${recorder.port}/`)) as AnySocket;
      open.push(socket);
      expect(socket.protocol).toBe('');
      expect(headerLines(headText(recorder.connections[before]!.request), 'Sec-WebSocket-Protocol')).toEqual(
        [],
      );
    });

    test('a message sent with the 101 response reaches a listener attached after await', async () => {
      server.greeting = 'hello at once';
      try {
        const socket = (await connect(client.WebSocket, server.url)) as AnySocket;
        open.push(socket);
        const received: string[] = [];
        const onMessage = (data: unknown): void => {
          received.push(typeof data === 'string' ? data : String(data));
        };
        const emitter = socket as unknown as {
          on?: (event: string, listener: (data: unknown) => void) => void;
        };
        if (client.kind === 'ws') emitter.on!('message', onMessage);
        else
          (socket as unknown as EventTarget).addEventListener('message', (event) =>
            onMessage((event as MessageEvent).data),
          );
        await waitUntil(() => received.length > 0, 'the greeting');
        expect(received).toEqual(['hello at once']);
      } finally {
        server.greeting = null;
      }
    });

    // Every client runs this one: a capability decides the expectation, never whether it runs.
    test(`offering two subprotocols is ${capabilities.multipleProtocols ? 'passed on as given' : 'refused up front'}`, () => {
      const offer = () =>
        toConstructorArgs(client.WebSocket, server.url, { protocols: ['chat', 'superchat'] });
      if (capabilities.multipleProtocols) {
        // ws takes (url, protocols, options); undici (url, { protocols, ... }).
        const second = offer()[1];
        expect(Array.isArray(second) ? second : (second as { protocols?: unknown }).protocols).toEqual([
          'chat',
          'superchat',
        ]);
        return;
      }
      expect(failure(offer)).toEqual({
        code: 'TOO_MANY_SUBPROTOCOLS',
        message:
          '2 subprotocols (chat, superchat) are offered, but undici 5 fails every handshake that offers more than 1 ("Protocol was not set in the opening handshake."); offer one, or use undici 6 or later',
      });
    });

    // Own logic on every version: connect() settles with its own code and message and removes every
    // listener it added, whatever the client's event model (ws emits close after error; undici 5 and 6
    // never emit close).
    const failures: Failure[] = [
      [
        'the server answers 401',
        'reject-401',
        ['chat'],
        'REJECTED',
        401,
        (url) => `The server at ${url} rejected the WebSocket handshake with HTTP 401`,
      ],
      [
        'the server selects none of the offered',
        'select-none',
        ['chat'],
        'SUBPROTOCOL',
        null,
        (url) => `Server selected no subprotocol; the client offered chat (${url})`,
      ],
      [
        'the server never answers',
        'hang',
        [],
        'TIMEOUT',
        null,
        (url) => `The WebSocket handshake with ${url} did not complete within 300 ms`,
      ],
    ];

    /** connect() against the server in `mode` rejects as expected and leaves no listener behind. */
    async function expectFailure([, mode, offered, code, status, message]: Failure): Promise<void> {
      server.mode = mode;
      const { Traced, instances } = traced(client.WebSocket);
      const error = await connect(Traced, server.url, { protocols: offered, timeoutMs: 300 }).catch(
        (caughtError: unknown) => caughtError,
      );
      expect(error).toBeInstanceOf(HandshakeError);
      expect(error).toMatchObject({ code, status, message: message(server.url) });
      expect(instances).toHaveLength(1);
      await expectNoListenersLeft(instances[0]!);
    }

    test.each(failures)('connect() rejects when %s', async (...failure) => {
      await expectFailure(failure);
    });

    test(`the raw socket ${capabilities.closeAfterFailure ? 'fires' : 'never fires'} close after a rejected handshake`, async () => {
      server.mode = 'reject-401';
      const socket = createWebSocket(client.WebSocket, server.url) as AnySocket & EventTarget;
      const events: string[] = [];
      const record = (event: Event): void => {
        events.push(event.type);
      };
      const on = (socket as unknown as { on?: (name: string, listener: () => void) => void }).on;
      if (typeof on === 'function') {
        on.call(socket, 'error', () => events.push('error'));
        on.call(socket, 'close', () => events.push('close'));
      } else {
        socket.addEventListener('error', record);
        socket.addEventListener('close', record);
      }
      await waitUntil(() => events.includes('error'), 'the error event');
      if (capabilities.closeAfterFailure) {
        await waitUntil(() => events.includes('close'), 'the close event');
      } else {
        // Give a close event time to follow; undici 5 and 6 never send one, so connect() keeps its own timer.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(socket.readyState).toBe(0);
      }
      expect(events).toEqual(capabilities.closeAfterFailure ? ['error', 'close'] : ['error']);
      socket.close();
    });

    test('connect() rejects with REFUSED when nothing listens', async () => {
      const refusing = await refusingPort();
      onTestFinished(() => refusing.release());
      const url = `ws://127.0.0.1:${refusing.port}/`;
      const { Traced, instances } = traced(client.WebSocket);
      const error = await connect(Traced, url, { timeoutMs: 5000 }).catch(
        (caughtError: unknown) => caughtError,
      );
      expect(error).toBeInstanceOf(HandshakeError);
      expect(error).toMatchObject({
        code: 'REFUSED',
        status: null,
        message: `Could not connect to ${url}: ECONNREFUSED`,
      });
      await expectNoListenersLeft(instances[0]!);
    });

    test('connect() rejects with ABORTED when the signal aborts mid-handshake', async () => {
      server.mode = 'hang';
      const before = server.handshakes.length;
      const controller = new AbortController();
      const { Traced, instances } = traced(client.WebSocket);
      const pending = connect(Traced, server.url, { signal: controller.signal }).catch(
        (caughtError: unknown) => caughtError,
      );
      await waitUntil(() => server.handshakes.length > before, 'the request to reach the server');
      controller.abort(new Error('user gave up'));
      const error = await pending;
      expect(error).toBeInstanceOf(HandshakeError);
      expect(error).toMatchObject({
        code: 'ABORTED',
        status: null,
        message: `Connecting to ${server.url} was aborted`,
      });
      expect((error as HandshakeError).cause).toEqual(new Error('user gave up'));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await expectNoListenersLeft(instances[0]!);
    });

    // The conformance matrix owns these cross-implementation facts for every client version and server
    // (scenarios headers-arrive, header-shapes, bearer, subprotocol, injection-refused, reserved-refused,
    // unoffered-protocol): here they run once per client family, as a smoke test.
    if (client.smoke) {
      describe('smoke (the conformance matrix owns these facts for every version)', () => {
        test('headers, subprotocols, origin and bearer arrive exactly once, byte for byte', async () => {
          const before = recorder.connections.length;
          const socket = (await connect(client.WebSocket, `ws://127.0.0.1:${recorder.port}/path?x=1`, {
            headers: {
              'X-Custom': 'hello',
              'X-Latin': 'h\u00e9llo',
              'X-Multi': ['a', 'b'],
              'X-Num': 42,
              'X-Pad': ' \tpadded  ',
              Cookie: ['a=1', 'b=2'],
              'X-Skipped': undefined,
            },
            origin: 'http://app.example',
            bearer: 't0k',
            protocols,
          })) as AnySocket;
          open.push(socket);
          expect(socket.protocol).toBe('chat');
          expect(recorder.connections.length).toBe(before + 1);
          const bytes = recorder.connections[before]!.request;
          const head = headText(bytes);
          expect(head.startsWith('GET /path?x=1 HTTP/1.1\r\n')).toBe(true);
          for (const [name, value] of [
            ['X-Custom', 'hello'],
            ['X-Latin', 'h\u00e9llo'],
            ['X-Multi', 'a, b'],
            ['X-Num', '42'],
            ['X-Pad', 'padded'],
            ['Cookie', 'a=1; b=2'],
            ['Origin', 'http://app.example'],
            ['Authorization', 'Bearer t0k'],
            ['Sec-WebSocket-Protocol', protocols.join(',')],
          ] as const) {
            const lines = headerLines(head, name).map((line) =>
              name === 'Sec-WebSocket-Protocol' ? line.replace(/, /g, ',') : line,
            );
            expect({ name, lines }).toEqual({ name, lines: [value] });
          }
          expect(headerLines(head, 'X-Skipped')).toEqual([]);
          // The Latin-1 é is the single byte 0xE9, never UTF-8 (0xC3 0xA9).
          const latin = [...bytes].indexOf(0xe9);
          expect(latin).toBeGreaterThan(-1);
          expect(bytes[latin - 1]).toBe('h'.charCodeAt(0));
          const recorded = server.handshakes.at(-1)!;
          expect(recorded.offered).toEqual(protocols);
          expect(
            recorded.rawHeaders.filter(
              (_, index) => index % 2 === 0 && recorded.rawHeaders[index + 1] === 'h\u00e9llo',
            ),
          ).toEqual([expect.stringMatching(/^x-latin$/i)]);
          expect(listenerCount(socket)).toBe(0);
        });

        test.each([
          [
            'a CR/LF in a value',
            { headers: { 'X-Crlf': 'a\r\nX-Injected: 1' } },
            'INVALID_HEADER_VALUE',
            'Header "X-Crlf" has the invalid character U+000D at index 1 of its value; header values cannot contain CR, LF, NUL, other control characters or characters above U+00FF (encode the value, e.g. with encodeURIComponent)',
          ],
          [
            'a reserved header',
            { headers: { Upgrade: 'h2c' } },
            'RESERVED_HEADER',
            'Header "Upgrade" is reserved: the client sends "Upgrade: websocket"',
          ],
          [
            'a duplicate subprotocol',
            { protocols: ['chat', 'CHAT'] },
            'DUPLICATE_SUBPROTOCOL',
            'Subprotocols "chat" and "CHAT" differ only in case; undici refuses both, offer one of them',
          ],
        ])('%s is refused before any connection is opened', async (_name, options, code, message) => {
          const before = recorder.connections.length;
          const url = `ws://127.0.0.1:${recorder.port}/`;
          expect(failure(() => createWebSocket(client.WebSocket, url, options))).toEqual({ code, message });
          await expect(connect(client.WebSocket, url, options)).rejects.toMatchObject({ code, message });
          // The next connection through the recorder is the first one: nothing was opened before it.
          const socket = (await connect(client.WebSocket, url)) as AnySocket;
          open.push(socket);
          expect(recorder.connections.length).toBe(before + 1);
          expect(headText(recorder.connections[before]!.request)).not.toMatch(/X-Injected|h2c|CHAT/);
        });

        test.each(SMOKE_FAILURES)('connect() rejects when %s', async (...failure) => {
          await expectFailure(failure);
        });
      });
    }
  });
}
