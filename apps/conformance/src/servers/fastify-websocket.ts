import type { IncomingMessage, Server } from 'node:http';
import type { FrameworkServerAdapter } from './_types.js';

interface FastifySocket {
  protocol: string;
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error', listener: () => void): void;
  send(text: string): void;
}
interface FastifyReply {
  code(status: number): FastifyReply;
  header(name: string, value: string): FastifyReply;
  send(body: string): Promise<unknown>;
}
interface FastifyApp {
  register(plugin: unknown, options: unknown): Promise<unknown>;
  addHook(name: 'preValidation', hook: (request: unknown, reply: FastifyReply) => Promise<void>): void;
  get(
    path: string,
    options: { websocket: true },
    handler: (socket: FastifySocket, request: { raw: IncomingMessage }) => void,
  ): void;
  listen(options: { port: number; host: string }): Promise<string>;
  server: Server;
}

/**
 * fastify 5 + @fastify/websocket 11: a `preValidation` hook refuses with 401, ws's `handleProtocols`
 * selects with selectSubprotocol, the context is built from `request.raw`, the Node request.
 */
export const fastifyWebsocketServer: FrameworkServerAdapter = {
  selector: 'fastify-websocket',
  family: 'fastify-websocket',
  packageName: '@fastify/websocket',
  async serve(tools) {
    const fastify = ((await import('fastify')) as unknown as { default: () => FastifyApp }).default;
    const websocket = ((await import('@fastify/websocket')) as unknown as { default: unknown }).default;
    const app = fastify();
    await app.register(websocket, {
      options: {
        handleProtocols: (offered: Set<string>) => tools.selectSubprotocol(offered, tools.supported),
      },
    });
    app.addHook('preValidation', async (_request, reply) => {
      if (tools.reject) await reply.code(401).header('WWW-Authenticate', 'Bearer').send('unauthorized\n');
    });
    app.get('/*', { websocket: true }, (socket, request) => {
      socket.on('error', () => {});
      tools.opened({
        url: request.raw.url ?? '',
        protocol: socket.protocol,
        context: () => tools.buildContext(request.raw),
        offered: null,
        echo: {
          onText: (listener) => socket.on('message', (data) => listener(String(data))),
          send: (text) => socket.send(text),
        },
        socket,
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('fastify did not bind a port');
    return { port: address.port };
  },
  wsSocket: true,
  expectedFailures: [],
};
