import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type NativeServerEvents, throwingListenerUncaught } from '../child/native-server.js';
import { listenOnLoopback, upgradeOnlyServer } from './_loopback-http.js';
import type { FrameworkServerAdapter } from './_types.js';

/** faye-websocket's socket, server (and client) side: an EventEmitter with a WHATWG-like surface. */
export interface FayeSocket {
  protocol: string;
  readyState: number;
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (event: { data: string | Buffer }) => void): void;
  on(event: 'error', listener: (event: { message?: string }) => void): void;
  on(event: 'close', listener: (event: { code: number; reason: string }) => void): void;
  send(data: string | Buffer): boolean;
  close(code?: number, reason?: string): void;
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
 * the Node request. Connection scenarios run on its socket: `send(string | Buffer)`,
 * `close(code, reason)`, its `message`, `error` and `close` events (code and reason, no wasClean: reported as null).
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
      let events: NativeServerEvents | null = null;
      // an error listener from the start: faye emits 'error' on an EventEmitter too
      ws.on('error', (event) => events?.error(event.message ?? ''));
      ws.on('message', (event) => events?.message(event.data));
      ws.on('close', (event) => events?.close(event.code, event.reason, null));
      ws.on('open', () => {
        events = tools.opened({
          url: request.url ?? '',
          protocol: ws.protocol ?? '',
          context: () => tools.buildContext(request),
          offered: null,
          native: {
            sendText: (text) => ws.send(text),
            sendBinary: (bytes) => ws.send(Buffer.from(bytes)),
            close: (code, reason) => ws.close(code, reason),
            readyState: () => ws.readyState,
          },
        });
      });
    });
    return listenOnLoopback(http);
  },
  connection: true,
  expectedFailures: [
    {
      scenario: 'invalid-close-refused',
      reason:
        "faye's close() refuses a code outside 1000 and 3000-4999 as the WHATWG close() does, but with a plain Error (\"Failed to execute 'close' on WebSocket: ...\"), not a DOMException InvalidAccessError; the connection stays usable",
      observed: '(threw Error)',
    },
    {
      scenario: 'peer-never-closes',
      reason:
        "faye's close timeout is API.CLOSE_TIMEOUT, 30 s, for every socket of the process (no per-socket option): a peer that holds TCP open gets the close event (1006) only after 30 s",
      observed: 'no close event while the peer holds TCP',
    },
    throwingListenerUncaught("faye's ws.on('message') listener"),
  ],
};
