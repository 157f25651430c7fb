import type { IncomingMessage } from 'node:http';
import { NATIVE_CLOSE_TIMEOUT_MS, throwingListenerUncaught } from '../child/native-server.js';
import { listenOnLoopback, upgradeOnlyServer } from './_loopback-http.js';
import type { FrameworkServerAdapter } from './_types.js';

/** WebSocket-Node's message: text as `utf8Data`, binary as a Buffer in `binaryData`. */
type WebSocketNodeMessage = { type: 'utf8'; utf8Data: string } | { type: 'binary'; binaryData: Buffer };

/** WebSocket-Node's WebSocketConnection, server and client side alike. */
export interface WebSocketNodeConnection {
  protocol: string | undefined;
  /** 'open' | 'peer_requested_close' | 'ending' | 'closed' */
  state: string;
  on(event: 'message', listener: (message: WebSocketNodeMessage) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'close', listener: (code: number, description: string) => void): void;
  sendUTF(text: string): void;
  sendBytes(bytes: Buffer): void;
  close(code?: number, description?: string): void;
}

/** WebSocketConnection's `state` as the WHATWG readyState numbers. */
export function webSocketNodeReadyState(state: string): number {
  return state === 'open' ? 1 : state === 'closed' ? 3 : 2;
}

interface WebSocketNodeRequest {
  httpRequest: IncomingMessage;
  requestedProtocols: string[];
  origin: string | undefined;
  accept(protocol: string | null, origin?: string): WebSocketNodeConnection;
  reject(status: number, reason: string, headers?: Record<string, string>): void;
}

/**
 * WebSocket-Node (npm `websocket`) 1.0 `server` with autoAcceptConnections off: `request.reject(401)`
 * refuses, the app selects from `request.requestedProtocols` with selectSubprotocol and accepts; the
 * context is built from `request.httpRequest`, the Node request. Connection scenarios run on its
 * WebSocketConnection: `sendUTF` / `sendBytes`, `close(code, description)`, its `message`, `error` and
 * `close (code, description)` events; its frame and message limits are its defaults.
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
    const wss = new ServerClass({
      httpServer: http,
      autoAcceptConnections: false,
      // its own option, as short as the wrapped servers' closeTimeoutMs (its default is 5 s)
      closeTimeout: NATIVE_CLOSE_TIMEOUT_MS,
    });
    wss.on('request', (request: WebSocketNodeRequest) => {
      if (tools.reject) {
        request.reject(401, 'unauthorized', { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      const offered = [...request.requestedProtocols];
      const selected = tools.selectSubprotocol(offered, tools.supported);
      const connection = request.accept(selected === false ? null : selected, request.origin);
      const events = tools.opened({
        url: request.httpRequest.url ?? '',
        protocol: connection.protocol ?? '',
        context: () => tools.buildContext(request.httpRequest),
        offered,
        native: {
          sendText: (text) => connection.sendUTF(text),
          sendBinary: (bytes) => connection.sendBytes(Buffer.from(bytes)),
          close: (code, reason) => connection.close(code, reason),
          readyState: () => webSocketNodeReadyState(connection.state),
        },
      });
      connection.on('message', (message) =>
        events?.message(message.type === 'utf8' ? message.utf8Data : message.binaryData),
      );
      connection.on('error', (error) => events?.error(error.message));
      // its close event is (reasonCode, description): no wasClean, reported as null
      connection.on('close', (code, description) => events?.close(code, description, null));
    });
    return listenOnLoopback(http);
  },
  connection: true,
  expectedFailures: [
    {
      scenario: 'rejection-response',
      reason:
        "WebSocket-Node's `request.reject(401, reason, headers)` sends the status and the headers (plus `X-WebSocket-Reject-Reason`), but has no body parameter: the 401 arrives without a body",
      observed: String.raw`body: expected "unauthorized\\x0a", got ""`,
    },
    {
      scenario: 'token-survives',
      reason:
        'WebSocket-Node lowercases request.requestedProtocols, which corrupts a base64url bearer subprotocol (case carries the bits); connection-context reads the raw Sec-WebSocket-Protocol header, so ctx.auth still has the right token',
      observed: 'does not hold the token subprotocol byte for byte',
    },
    ...(
      [
        ['text-round-trip', 'client: close reason: expected "done", got ""'],
        ['close-both-ways', 'client: close code 1000, expected 4001'],
      ] as const
    ).map(([scenario, observed]) => ({
      scenario,
      reason:
        "WebSocketConnection answers the peer's close frame with 1000 and no reason whatever the peer sent (RFC 6455 leaves the answer's code to it: the peer's own close event reads 1000 '' after a close(4001, reason)); its own 'close' event has the peer's code and reason",
      observed,
    })),
    {
      scenario: 'close-both-ways',
      reason:
        "WebSocketConnection fills in a description from its own table when the close frame has none: a bare close 1000 reaches its 'close' event as (1000, 'Normal connection closure'), not an empty reason",
      observed: 'got [1000,"Normal connection closure"]',
    },
    // the client reports the 1006 as an error when the socket is gone before it reads the close frame;
    // when it reads the 1009 first, no error comes and only the missing echoes show (both measured)
    ...[
      'error ABNORMAL_CLOSURE',
      'client: 0 messages, expected 2',
      'client: 1 MiB text: no message arrived',
      'client: 1 MiB binary: no message arrived',
    ].map((observed) => ({
      scenario: 'large-message',
      reason:
        "WebSocket-Node's server refuses a frame over its default maxReceivedFrameSize (64 KiB; maxReceivedMessageSize is 1 MiB) with drop(1009), which destroys the socket right behind the close frame, so the peer sees 1006 (or the 1009, when it reads the close frame first) and no echo; raise both options to take 1 MiB messages",
      observed,
    })),
    {
      scenario: 'invalid-close-refused',
      reason:
        'WebSocketConnection.close(code) takes every code RFC 6455 lets an endpoint send, 1001 Going Away included (the WHATWG close() refuses it): close(1001) closes the connection instead of throwing',
      observed: 'server close(1001): no message arrived',
    },
    ...(
      [
        'server: echo after its refused close: no message arrived',
        'client: close code 1001, expected 1000',
      ] as const
    ).map((observed) => ({
      scenario: 'invalid-close-refused',
      reason: 'the server closed with 1001 (see close(1001) above), so nothing is echoed after it',
      observed,
    })),
    {
      scenario: 'protocol-error',
      reason:
        "WebSocketConnection reports a protocol error (a reserved opcode) only through its 'close' event (1002, 'Unrecognized Opcode: 0x3'): it emits no 'error' event",
      observed: 'expected an error event then a close event, saw close 1002',
    },
    {
      scenario: 'peer-never-closes',
      reason:
        "WebSocketConnection's closeTimeout (set to 2 s here) only half-closes TCP (socket.end()): its 'close' event waits for the peer's FIN, so a peer that holds TCP open never gets one",
      observed: 'no close event while the peer holds TCP',
    },
    throwingListenerUncaught("WebSocketConnection's connection.on('message') listener"),
  ],
};

interface WebSocketNodeServer {
  on(event: 'request', listener: (request: WebSocketNodeRequest) => void): void;
}
