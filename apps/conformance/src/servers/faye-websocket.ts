import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { listenOnLoopback, upgradeOnlyServer } from './_loopback-http.js';
import type { FrameworkServerAdapter } from './_types.js';

interface FayeSocket {
  protocol: string;
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'error', listener: () => void): void;
  send(text: string): void;
}
type FayeClass = (new (
  request: IncomingMessage,
  socket: Duplex,
  body: Buffer,
  protocols: string[],
) => FayeSocket) & { isWebSocket(request: IncomingMessage): boolean };

/**
 * faye-websocket 0.11 on a Node `upgrade` listener: it has no refusal API, so the 401 is written to
 * the socket by hand; it selects the first offered protocol of its list; the context is built from
 * the Node request.
 */
export const fayeWebsocketServer: FrameworkServerAdapter = {
  selector: 'faye-websocket',
  family: 'faye-websocket',
  packageName: 'faye-websocket',
  async serve(tools) {
    const WebSocket = ((await import('faye-websocket')) as unknown as { default: FayeClass }).default;
    const http = upgradeOnlyServer();
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, body: Buffer) => {
      if (!WebSocket.isWebSocket(request)) {
        socket.destroy();
        return;
      }
      if (tools.reject) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nunauthorized\n',
        );
        return;
      }
      const ws = new WebSocket(request, socket, body, [...tools.supported]);
      ws.on('error', () => {});
      const listeners: ((text: string) => void)[] = [];
      ws.on('message', (event) => {
        for (const listener of listeners) listener(String(event.data));
      });
      ws.on('open', () => {
        tools.opened({
          url: request.url ?? '',
          protocol: ws.protocol ?? '',
          context: () => tools.buildContext(request),
          offered: null,
          echo: { onText: (listener) => listeners.push(listener), send: (text) => ws.send(text) },
        });
      });
    });
    return listenOnLoopback(http);
  },
  expectedFailures: [],
};
