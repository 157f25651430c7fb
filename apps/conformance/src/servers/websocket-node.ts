import type { IncomingMessage } from 'node:http';
import { listenOnLoopback, upgradeOnlyServer } from './_loopback-http.js';
import type { FrameworkServerAdapter } from './_types.js';

interface WebSocketNodeRequest {
  httpRequest: IncomingMessage;
  requestedProtocols: string[];
  origin: string | undefined;
  accept(
    protocol: string | null,
    origin?: string,
  ): {
    protocol: string | undefined;
    on(event: 'message', listener: (message: { type: string; utf8Data?: string }) => void): void;
    on(event: 'error', listener: () => void): void;
    sendUTF(text: string): void;
  };
  reject(status: number, reason: string, headers?: Record<string, string>): void;
}

/**
 * WebSocket-Node (npm `websocket`) 1.0 `server` with autoAcceptConnections off: `request.reject(401)`
 * refuses, the app selects from `request.requestedProtocols` with selectSubprotocol and accepts; the
 * context is built from `request.httpRequest`, the Node request.
 */
export const websocketNodeServer: FrameworkServerAdapter = {
  selector: 'websocket-node',
  family: 'websocket-node',
  packageName: 'websocket',
  async serve(tools) {
    const module = (await import('websocket')) as unknown as {
      default?: { server: new (options: Record<string, unknown>) => WebSocketNodeServer };
      server?: new (options: Record<string, unknown>) => WebSocketNodeServer;
    };
    const ServerClass = module.server ?? module.default?.server;
    if (ServerClass === undefined) throw new Error('websocket has no server export');
    const http = upgradeOnlyServer();
    const wss = new ServerClass({ httpServer: http, autoAcceptConnections: false });
    wss.on('request', (request: WebSocketNodeRequest) => {
      if (tools.reject) {
        request.reject(401, 'unauthorized', { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      const offered = [...request.requestedProtocols];
      const selected = tools.selectSubprotocol(offered, tools.supported);
      const connection = request.accept(selected === false ? null : selected, request.origin);
      connection.on('error', () => {});
      const listeners: ((text: string) => void)[] = [];
      connection.on('message', (message) => {
        if (message.type === 'utf8') for (const listener of listeners) listener(message.utf8Data ?? '');
      });
      tools.opened({
        url: request.httpRequest.url ?? '',
        protocol: connection.protocol ?? '',
        context: () => tools.buildContext(request.httpRequest),
        offered,
        echo: { onText: (listener) => listeners.push(listener), send: (text) => connection.sendUTF(text) },
      });
    });
    return listenOnLoopback(http);
  },
  expectedFailures: [
    {
      scenario: 'token-survives',
      reason:
        'WebSocket-Node lowercases request.requestedProtocols, which corrupts a base64url bearer subprotocol (case carries the bits); connection-context reads the raw Sec-WebSocket-Protocol header, so ctx.auth still has the right token',
      observed: 'does not hold the token subprotocol byte for byte',
    },
  ],
};

interface WebSocketNodeServer {
  on(event: 'request', listener: (request: WebSocketNodeRequest) => void): void;
}
