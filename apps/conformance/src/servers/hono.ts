import type { IncomingMessage, Server } from 'node:http';
import type { FrameworkServerAdapter } from './_types.js';

interface HonoContext {
  env: { incoming: IncomingMessage };
  text(body: string, status: number, headers: Record<string, string>): Response;
}
interface HonoSocket {
  protocol: string | null;
  raw?: { protocol?: string };
  send(text: string): void;
}

/**
 * hono 4 + @hono/node-ws on @hono/node-server 1.x. A middleware refuses with `c.text(..., 401)`; the
 * context is built from `c.env.incoming`, the Node request. node-ws gives the app no way to select a
 * subprotocol: its ws server picks the first one offered.
 */
export const honoServer: FrameworkServerAdapter = {
  selector: 'hono',
  family: 'hono',
  packageName: 'hono',
  async serve(tools) {
    const { Hono } = (await import('hono')) as unknown as {
      Hono: new () => { get(path: string, ...handlers: unknown[]): void; fetch: unknown };
    };
    const { serve } = (await import('@hono/node-server')) as unknown as {
      serve(options: { fetch: unknown; port: number; hostname: string }, listening: () => void): Server;
    };
    const { createNodeWebSocket } = (await import('@hono/node-ws')) as unknown as {
      createNodeWebSocket(options: { app: unknown }): {
        injectWebSocket(server: Server): void;
        upgradeWebSocket(create: (c: HonoContext) => Record<string, unknown>): unknown;
      };
    };
    const app = new Hono();
    const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
    app.get(
      '*',
      async (c: HonoContext, next: () => Promise<void>) => {
        if (tools.reject) return c.text('unauthorized\n', 401, { 'WWW-Authenticate': 'Bearer' });
        await next();
        return undefined;
      },
      upgradeWebSocket((c) => {
        const incoming = c.env.incoming;
        const listeners: ((text: string) => void)[] = [];
        return {
          onOpen(_event: unknown, ws: HonoSocket) {
            tools.opened({
              url: incoming.url ?? '',
              protocol: ws.protocol ?? ws.raw?.protocol ?? '',
              context: () => tools.buildContext(incoming),
              offered: null,
              echo: { onText: (listener) => listeners.push(listener), send: (text) => ws.send(text) },
              socket: ws.raw,
            });
          },
          onMessage(event: { data: unknown }) {
            const text = typeof event.data === 'string' ? event.data : String(event.data);
            for (const listener of listeners) listener(text);
          },
        };
      }),
    );
    const server = await new Promise<Server>((resolve) => {
      const started: Server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started),
      );
    });
    injectWebSocket(server);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('hono did not bind a port');
    return { port: address.port };
  },
  wsSocket: true,
  expectedFailures: [
    ...(
      [
        'WWW-Authenticate lines: expected ["Bearer"], got []',
        String.raw`body: expected "unauthorized\\x0a", got ""`,
      ] as const
    ).map((observed) => ({
      scenario: 'rejection-response',
      reason:
        "hono's Node WebSocket adapter (node-ws 1.3, its `upgrade` listener) answers a middleware's `c.text('unauthorized', 401, { 'WWW-Authenticate': 'Bearer' })` by writing `HTTP/1.1 401 Unauthorized`, `Connection: close`, `Content-Length: 0` itself: the response's body and headers (WWW-Authenticate) are dropped, so a client cannot learn how to authenticate",
      observed,
    })),
    {
      scenario: 'split-protocol-lines',
      reason:
        "@hono/node-ws gives the app no subprotocol choice: its ws server selects the first protocol offered ('other', from the first line) instead of the app's 'chat'",
      observed: 'got [101,["other"]]',
    },
    {
      scenario: 'failure-settles',
      reason:
        "@hono/node-ws gives the app no subprotocol choice: its ws server selects the first protocol offered, so a server that supports none of them still opens with the client's first (no SUBPROTOCOL failure)",
      observed: 'no common subprotocol: opened instead of failing with SUBPROTOCOL',
    },
    ...(['echoed the token subprotocol', 'reports the token subprotocol as its protocol'] as const).map(
      (observed) => ({
        scenario: 'token-only-offer',
        reason:
          '@hono/node-ws echoes the first offered subprotocol, so a token-only offer gets the bearer token echoed back as the protocol (header-options never makes a token-only offer: HEADERS_UNSUPPORTED, so only clients outside Node meet it)',
        observed,
        // header-options clients refuse to make the offer, so only the others meet it
        clients: ['python-websockets', 'aiohttp', 'websocket-client', 'tornado', 'gorilla'],
      }),
    ),
  ],
};
