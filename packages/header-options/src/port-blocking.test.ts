import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { BrowserLikeWebSocket } from './_test/browser-like.js';
import { failure } from './_test/failure.js';
import { connect } from './connect.js';
import { createWebSocket, toConstructorArgs } from './create.js';
import type { WebSocketConstructor } from './implementations/detect.js';
import type { ClientOptions } from './options.js';
import { badPortService, FETCH_BAD_PORTS } from './port-blocking.js';

const require = createRequire(import.meta.url);
interface UndiciModule {
  WebSocket: WebSocketConstructor;
  Agent: new () => { dispatch(options: unknown, handler: unknown): unknown };
}
const undici = {
  undici5: require('undici5') as UndiciModule,
  undici6: require('undici6') as UndiciModule,
  undici7: require('undici7') as UndiciModule,
};
const Ws8 = require('ws8') as WebSocketConstructor;
const Ws2 = require('ws2') as WebSocketConstructor;
const Undici7 = undici.undici7.WebSocket;
const Browser = BrowserLikeWebSocket as WebSocketConstructor;

// The Fetch standard's table, copied by hand from https://fetch.spec.whatwg.org/#port-blocking.
const SPEC = [
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
];

function blockedMessage(port: number, url: string, client: string): string {
  const service = badPortService(String(port));
  const where = `Port ${port}${service ? ` (${service})` : ''} of "${url}" is a bad port in the Fetch standard's port blocking (https://fetch.spec.whatwg.org/#port-blocking)`;
  return port === 0
    ? `${where}, and no server can listen on port 0; connect to the port the server listens on`
    : `${where}: ${client} refuses it without connecting and reports no reason. Serve the WebSocket on another port (such as 8080), or connect with ws, which does not block ports`;
}

describe('BLOCKED_PORT: the Fetch bad ports, refused up front where Fetch blocks them', () => {
  test('the list is the standard table, in its order', () => {
    expect(FETCH_BAD_PORTS).toEqual(SPEC);
  });

  test.each(SPEC)('port %i: refused on undici, Node and browsers; accepted on ws', (port) => {
    const url = `ws://127.0.0.1:${port}/`;
    expect(failure(() => toConstructorArgs(Undici7, url))).toEqual({
      code: 'BLOCKED_PORT',
      message: blockedMessage(port, url, 'undici'),
    });
    expect(failure(() => createWebSocket(Undici7, url))).toEqual({
      code: 'BLOCKED_PORT',
      message: blockedMessage(port, url, 'undici'),
    });
    expect(failure(() => toConstructorArgs(Undici7, url, { implementation: 'node' }))).toEqual({
      code: 'BLOCKED_PORT',
      message: blockedMessage(port, url, `Node's global WebSocket (undici ${process.versions.undici})`),
    });
    expect(failure(() => toConstructorArgs(Browser, url))).toEqual({
      code: 'BLOCKED_PORT',
      message: blockedMessage(port, url, 'a browser'),
    });
    expect(toConstructorArgs(Ws8, url)).toEqual([url, [], {}]);
    expect(toConstructorArgs(Ws2, url)).toEqual([url, [], {}]);
    // A ws class called browser-style is still ws: it connects to any port.
    expect(toConstructorArgs(Ws8, url, { implementation: 'browser' })).toEqual([url]);
  });

  test.each<[string, string]>([
    ['the ws: default port', 'ws://127.0.0.1/'],
    ['80 written out (the ws: default, so no port)', 'ws://127.0.0.1:80/'],
    ['443 written out (the wss: default)', 'wss://127.0.0.1:443/'],
    ['80 on wss:', 'wss://127.0.0.1:80/'],
    ['443 on ws:', 'ws://127.0.0.1:443/'],
    ['2', 'ws://127.0.0.1:2/'],
    ['8', 'ws://127.0.0.1:8/'],
    ['6664', 'ws://127.0.0.1:6664/'],
    ['6670', 'ws://127.0.0.1:6670/'],
    ['8080', 'ws://127.0.0.1:8080/'],
    ['10079', 'ws://127.0.0.1:10079/'],
    ['10081', 'ws://127.0.0.1:10081/'],
    ['65535', 'ws://127.0.0.1:65535/'],
  ])('%s is accepted on undici', (_name, url) => {
    expect(failure(() => toConstructorArgs(Undici7, url))).toBeUndefined();
    expect(failure(() => toConstructorArgs(Browser, url))).toBeUndefined();
  });

  test.each(['ws:', 'wss:', 'http:', 'https:'])(
    'a %s URL is blocked too (the WebSocket standard fetches ws: as http:, wss: as https:)',
    (scheme) => {
      const url = `${scheme}//127.0.0.1:25/`;
      expect(failure(() => toConstructorArgs(Undici7, url))?.code).toBe('BLOCKED_PORT');
    },
  );

  test('the port is checked after URL parsing: leading zeros and a URL object do not slip through', () => {
    expect(failure(() => toConstructorArgs(Undici7, 'ws://127.0.0.1:0006000/'))).toEqual({
      code: 'BLOCKED_PORT',
      message: blockedMessage(6000, 'ws://127.0.0.1:6000/', 'undici'),
    });
    expect(failure(() => toConstructorArgs(Undici7, new URL('ws://127.0.0.1:6000/x')))?.code).toBe(
      'BLOCKED_PORT',
    );
  });

  test('connect() rejects before a socket exists or the dispatcher is asked', async () => {
    let dispatched = 0;
    const agent = new undici.undici7.Agent();
    const dispatcher = {
      dispatch: (options: unknown, handler: unknown) => {
        dispatched++;
        return agent.dispatch(options, handler);
      },
    };
    let constructed = 0;
    const Base = Undici7 as unknown as new (...args: unknown[]) => object;
    class Counted extends Base {
      constructor(...args: unknown[]) {
        super(...args);
        constructed++;
      }
    }
    const options: ClientOptions = { native: { dispatcher } };
    await expect(connect(Counted, 'ws://127.0.0.1:6000/', options)).rejects.toMatchObject({
      name: 'HeaderOptionsError',
      code: 'BLOCKED_PORT',
      message: blockedMessage(6000, 'ws://127.0.0.1:6000/', 'undici'),
    });
    expect({ constructed, dispatched }).toEqual({ constructed: 0, dispatched: 0 });
  });
});

/**
 * Opens a raw WebSocket of `version` to every port and reports the ports where undici asked its
 * dispatcher to connect: the ports it does NOT block. A blocked port fails inside fetch, before
 * the dispatcher, with no reason given.
 */
async function portsUndiciConnects(name: keyof typeof undici, ports: readonly number[]): Promise<number[]> {
  const { Agent } = undici[name];
  const WebSocket = undici[name].WebSocket as unknown as new (url: string, init: unknown) => EventTarget;
  const agent = new Agent();
  const connected = new Set<number>();
  await Promise.all(
    ports.map(
      (port) =>
        new Promise<void>((resolve) => {
          const dispatcher = {
            dispatch: (options: unknown, handler: unknown) => {
              connected.add(port);
              return agent.dispatch(options, handler);
            },
          };
          const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { dispatcher });
          socket.addEventListener('error', () => resolve());
          socket.addEventListener('open', () => resolve());
        }),
    ),
  );
  return [...connected].sort((a, b) => a - b);
}

describe('the real undici clients block the standard list (measured, not assumed)', () => {
  test.each<[keyof typeof undici, number[]]>([
    // undici 5.29.0 predates 4190 and 6679 (nodejs/undici#3059); no undici lists port 0, whose
    // connection attempt fails on its own. The shim refuses all three everywhere.
    ['undici5', [0, 4190, 6679]],
    ['undici6', [0]],
    ['undici7', [0]],
  ])('%s connects only to %j of the list', async (name, unblocked) => {
    expect(await portsUndiciConnects(name, SPEC)).toEqual(unblocked);
  });

  test.each(['undici5', 'undici6', 'undici7'] as const)(
    '%s does ask its dispatcher for neighbours of the list (the measurement can see a connection)',
    async (name) => {
      expect(await portsUndiciConnects(name, [2, 6664, 6670, 10081])).toEqual([2, 6664, 6670, 10081]);
    },
  );
});
