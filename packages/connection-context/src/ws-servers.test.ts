import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { bearerSubprotocol } from '@ws-compat/header-options';
import { type RawResponse, rawExchange, requestBytes } from '@ws-compat/wire';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AttachOptions, contextOf, withConnectionContext } from './attach.js';
import type { ConnectionContext } from './context.js';
import { createUpgradeHandler, type UpgradeServer } from './upgrade.js';

const require = createRequire(import.meta.url);

interface WsSocket {
  protocol?: string;
  upgradeReq?: IncomingMessage;
  send(data: string): void;
  on(event: 'message', listener: () => void): void;
  close(): void;
}
interface WsServer {
  on(event: 'connection', listener: (ws: WsSocket, req?: IncomingMessage) => void): void;
  close(callback?: () => void): void;
}
interface WsModule {
  Server: new (options: object) => WsServer;
}
interface WsClient {
  protocol: string;
  on(event: 'message', listener: (data: unknown) => void): void;
  once(event: 'open' | 'error' | 'unexpected-response', listener: (...args: unknown[]) => void): void;
  close(): void;
}
type WsClientClass = new (url: string, protocols: string[], options: object) => WsClient;

const VERSIONS = [2, 3, 4, 5, 6, 7, 8] as const;
const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.';
const TOKEN_PROTOCOL = bearerSubprotocol.encode(TOKEN);
const ORIGIN = 'https://app.example';

const ATTACH: AttachOptions = {
  trustProxy: ['loopback'],
  allowOrigins: [ORIGIN],
  requireAuth: true,
  protocols: ['chat.v1', 'chat.v2'],
  tokenSources: ['header', 'subprotocol', 'query'],
};

// What each server reports about a connection: the context (token included, to check it arrived)
// plus the subprotocol ws settled on.
function view(context: ConnectionContext | undefined, ws: WsSocket) {
  if (context === undefined) return { missing: true };
  return {
    url: context.url,
    path: context.path,
    query: context.query.toObject(),
    origin: context.origin,
    host: context.host,
    userAgent: context.userAgent,
    subprotocols: context.subprotocols,
    auth: context.auth,
    client: context.client,
    secure: context.secure,
    cookies: context.cookies,
    protocol: ws.protocol ?? '',
    later: contextOf(ws) === context,
  };
}

interface Running {
  version: number;
  port: number;
  close(): Promise<void>;
}

/** How the context gets in: ws's hooks (withConnectionContext), or our upgrade listener on a noServer server. */
type Mode = 'hooks' | 'upgrade';

async function start(version: number, mode: Mode = 'hooks'): Promise<Running> {
  const { Server: WebSocketServer } = require(`ws${version}`) as WsModule;
  const server: Server = createServer();
  let wss: WsServer;
  if (mode === 'hooks') {
    wss = new WebSocketServer(withConnectionContext({ server }, ATTACH));
  } else {
    wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', createUpgradeHandler(wss as unknown as UpgradeServer, ATTACH));
  }
  wss.on('connection', (ws, req) => {
    // ws 2 passes only the socket: contextOf finds the request through ws.upgradeReq.
    ws.send(JSON.stringify(view(contextOf(ws, req), ws)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    version,
    port,
    close: () =>
      new Promise((resolve) => {
        wss.close(() => server.close(() => resolve()));
        server.closeAllConnections();
      }),
  };
}

function request(target: string, extra: readonly string[]): string[] {
  return [
    `GET ${target} HTTP/1.1`,
    'Host: ws.example',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...extra,
  ];
}

const CLIENT_BEHIND_PROXY = {
  address: '203.0.113.9',
  port: null,
  family: 'IPv4',
  forwardedFor: ['203.0.113.9'],
  viaProxy: true,
};

// One table: the same request must give the same answer and the same context on every version.
const ACCEPTED: {
  name: string;
  lines: string[];
  protocolHeader: string | null;
  context: Record<string, unknown>;
}[] = [
  {
    name: 'header token, two offers, proxy headers',
    lines: request('/rooms/42?x=1&y=%20z', [
      `Origin: ${ORIGIN}`,
      'User-Agent: raw/1',
      `Authorization: Bearer ${TOKEN}`,
      'Sec-WebSocket-Protocol: chat.v2, chat.v1',
      'X-Forwarded-For: 198.51.100.1, 203.0.113.9',
      'X-Forwarded-Proto: https',
      'Cookie: theme=dark',
    ]),
    protocolHeader: 'chat.v2',
    context: {
      url: '/rooms/42?x=1&y=%20z',
      path: '/rooms/42',
      query: { x: '1', y: ' z' },
      origin: ORIGIN,
      host: 'ws.example',
      userAgent: 'raw/1',
      subprotocols: ['chat.v2', 'chat.v1'],
      auth: { scheme: 'Bearer', token: TOKEN, source: 'header' },
      client: CLIENT_BEHIND_PROXY,
      secure: true,
      cookies: { theme: 'dark' },
      protocol: 'chat.v2',
      later: true,
    },
  },
  {
    name: 'token as the first subprotocol: never echoed',
    lines: request('/', [
      `Origin: ${ORIGIN}`,
      `Sec-WebSocket-Protocol: ${TOKEN_PROTOCOL}, chat.v1`,
      'X-Forwarded-For: 203.0.113.9',
    ]),
    protocolHeader: 'chat.v1',
    context: {
      url: '/',
      path: '/',
      query: {},
      origin: ORIGIN,
      host: 'ws.example',
      userAgent: null,
      subprotocols: ['chat.v1'],
      auth: { scheme: 'Bearer', token: TOKEN, source: 'subprotocol' },
      client: CLIENT_BEHIND_PROXY,
      secure: false,
      cookies: {},
      protocol: 'chat.v1',
      later: true,
    },
  },
  {
    name: 'only the token subprotocol offered: 101 without a subprotocol (never 401, never the token)',
    lines: request('/only-token', [`Origin: ${ORIGIN}`, `Sec-WebSocket-Protocol: ${TOKEN_PROTOCOL}`]),
    protocolHeader: null,
    context: {
      url: '/only-token',
      path: '/only-token',
      query: {},
      origin: ORIGIN,
      host: 'ws.example',
      userAgent: null,
      subprotocols: [],
      auth: { scheme: 'Bearer', token: TOKEN, source: 'subprotocol' },
      client: {
        address: '127.0.0.1',
        port: expect.any(Number),
        family: 'IPv4',
        forwardedFor: [],
        viaProxy: false,
      },
      secure: false,
      cookies: {},
      protocol: '',
      later: true,
    },
  },
  {
    name: 'query token, unsupported offer: 101 without a subprotocol',
    lines: request(`/q?access_token=${TOKEN}`, [`Origin: ${ORIGIN}`, 'Sec-WebSocket-Protocol: mqtt']),
    protocolHeader: null,
    context: {
      url: `/q?access_token=${TOKEN}`,
      path: '/q',
      query: { access_token: TOKEN },
      origin: ORIGIN,
      host: 'ws.example',
      userAgent: null,
      subprotocols: ['mqtt'],
      auth: { scheme: 'Bearer', token: TOKEN, source: 'query' },
      client: {
        address: '127.0.0.1',
        port: expect.any(Number),
        family: 'IPv4',
        forwardedFor: [],
        viaProxy: false,
      },
      secure: false,
      cookies: {},
      protocol: '',
      later: true,
    },
  },
];

/** The challenge every 401 carries (RFC 9110 section 15.5.2; RFC 6750 section 3.1 for a bad token). */
const CHALLENGE: Record<string, string> = {
  UNAUTHORIZED: 'Bearer',
  INVALID_TOKEN: 'Bearer error="invalid_token"',
};

const REFUSED: { name: string; lines: string[]; status: number; code: string }[] = [
  {
    name: 'origin not allowed',
    lines: request('/', ['Origin: https://evil.example', `Authorization: Bearer ${TOKEN}`]),
    status: 403,
    code: 'ORIGIN_NOT_ALLOWED',
  },
  {
    name: 'two origins joined (passes a naive endsWith check)',
    lines: request('/', [
      'Origin: https://evil.example',
      `Origin: ${ORIGIN}`,
      `Authorization: Bearer ${TOKEN}`,
    ]),
    status: 400,
    code: 'DUPLICATE_HEADER',
  },
  {
    name: 'no token',
    lines: request('/', [`Origin: ${ORIGIN}`, 'Sec-WebSocket-Protocol: chat.v1']),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'conflicting tokens',
    lines: request('/?access_token=other', [`Origin: ${ORIGIN}`, `Authorization: Bearer ${TOKEN}`]),
    status: 401,
    code: 'INVALID_TOKEN',
  },
];

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

const MODES = VERSIONS.flatMap((version) => [[version, 'hooks'] as const, [version, 'upgrade'] as const]);

describe.each(MODES)('ws %i server, context through %s', (version, mode) => {
  let running: Running;
  beforeAll(async () => {
    running = await start(version, mode);
  });
  afterAll(async () => {
    await running.close();
  });

  test.each(ACCEPTED)('accepts: $name', async ({ lines, protocolHeader, context }) => {
    const response: RawResponse = await rawExchange({ port: running.port, request: requestBytes(lines) });
    expect(response.status).toBe(101);
    const protocolLines = response.headers.filter(
      ([name]) => name.toLowerCase() === 'sec-websocket-protocol',
    );
    expect(protocolLines).toEqual(
      protocolHeader === null ? [] : [['Sec-WebSocket-Protocol', protocolHeader]],
    );
    // The response bytes never carry the token, encoded or not.
    expect(response.head).not.toContain(TOKEN_PROTOCOL);
    expect(response.head).not.toContain(TOKEN);
    expect(JSON.parse(response.message ?? 'null')).toEqual(context);
  });

  test.each(REFUSED)('refuses: $name ($status $code)', async ({ lines, status, code }) => {
    const response = await rawExchange({ port: running.port, request: requestBytes(lines) });
    expect(response.head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}`);
    expect(response.body).toBe(code);
    const errorHeader = response.headers.find(([name]) => name.toLowerCase() === 'x-ws-compat-error');
    // ws 2-4 drop extra headers on a refusal; 5+ send them; the upgrade listener writes its own.
    expect(errorHeader).toEqual(version >= 5 || mode === 'upgrade' ? ['X-WS-Compat-Error', code] : undefined);
    const challenges = response.headers.filter(([name]) => name.toLowerCase() === 'www-authenticate');
    const challenge = CHALLENGE[code];
    expect(challenges).toEqual(
      challenge !== undefined && (version >= 5 || mode === 'upgrade')
        ? [['WWW-Authenticate', challenge]]
        : [],
    );
  });
});

describe('a real ws 8 client against every server version', () => {
  test.each(VERSIONS)('ws %i: opens with chat.v1, the token stays out of ws.protocol', async (version) => {
    const running = await start(version);
    const WebSocket = require('ws8') as WsClientClass;
    const client = new WebSocket(
      `ws://127.0.0.1:${running.port}/client?room=7`,
      [TOKEN_PROTOCOL, 'chat.v1'],
      {
        origin: ORIGIN,
        headers: { 'User-Agent': 'ws8-client' },
      },
    );
    try {
      const message = new Promise<unknown>((resolve, reject) => {
        client.on('message', (data) => resolve(JSON.parse(String(data))));
        client.once('error', reject);
        setTimeout(() => reject(new Error('no message within 5 s')), 5000);
      });
      const received = await message;
      expect(client.protocol).toBe('chat.v1');
      expect(received).toMatchObject({
        url: '/client?room=7',
        query: { room: '7' },
        origin: ORIGIN,
        userAgent: 'ws8-client',
        subprotocols: ['chat.v1'],
        auth: { scheme: 'Bearer', token: TOKEN, source: 'subprotocol' },
        protocol: 'chat.v1',
        later: true,
      });
    } finally {
      client.close();
      await running.close();
    }
  });
});
