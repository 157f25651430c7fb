import { type NativeClientDriver, withNativeDriver } from '../child/native-client.js';
import { type WebSocketNodeConnection, webSocketNodeReadyState } from '../servers/websocket-node.js';
import {
  declareEach,
  REFUSED_AS_NETWORK,
  TORNADO_TRUSTS_ANY_PEER,
  UVICORN_500_HIDDEN,
} from './_node-natives.js';
import type { ClientAdapter } from './_types.js';

/** WebSocket-Node's W3C client: `new w3cwebsocket(url, protocols, origin, headers)`, positional. */
type W3CWebSocket = new (
  url: string,
  protocols?: string | string[],
  origin?: string,
  headers?: Record<string, string>,
) => object;

const NO_BINARY_TYPE =
  "WebSocketConnection has no binaryType: every binary message is a Buffer (message.binaryData), so 'blob' and 'arraybuffer' cannot be asked for; 'nodebuffer' passes";
const UNCAUGHT_LISTENER =
  "WebSocketConnection calls connection.on('message') listeners with no try/catch: a throw there is an uncaught exception that ends the process (measured on its server side, the same class), so the driver adds no throwing listener (the client process runs other cells' scripts) and no listener error is reported";

/** WebSocket-Node's `client`: `connect()` ends in `connect (connection)` or `connectFailed (error)`. */
interface WebSocketNodeClient {
  on(event: 'connect', listener: (connection: WebSocketNodeConnection) => void): void;
  on(event: 'connectFailed', listener: (error: Error) => void): void;
  connect(url: string, protocols?: string[]): void;
  abort(): void;
}
type WebSocketNodeClientClass = new (config?: { closeTimeout?: number }) => WebSocketNodeClient;

/**
 * Connection scripts on WebSocket-Node's own client, as its README writes it: `new client({
 * closeTimeout })`, `connect(url, protocols)`, then the WebSocketConnection of `connect` (`sendUTF`,
 * `sendBytes`, `close(code, description)`, `message` / `error` / `close (code, description)`).
 * `abort()` is its way to give up while connecting. Before `connect` the socket is CONNECTING (0);
 * after `connectFailed` there is no connection, which counts as CLOSED (3).
 */
function webSocketNodeDriver(Client: WebSocketNodeClientClass): NativeClientDriver {
  return {
    open(url, protocols, events, { closeTimeoutMs }) {
      const client = new Client({ closeTimeout: closeTimeoutMs });
      let connection: WebSocketNodeConnection | null = null;
      let failed = false;
      client.on('connectFailed', (error) => {
        failed = true;
        events.error(error.message);
      });
      client.on('connect', (opened) => {
        connection = opened;
        opened.on('message', (message) =>
          events.message(message.type === 'utf8' ? message.utf8Data : message.binaryData),
        );
        opened.on('error', (error) => events.error(error.message));
        // WebSocketConnection's close event has no wasClean (w3cwebsocket's is `code === 1000`, its
        // own guess by code, and the driver does not use that class): null, the library reports none
        opened.on('close', (code, description) => events.close(code, description, null));
        events.open();
      });
      client.connect(url, [...protocols]);
      const live = (): WebSocketNodeConnection => {
        if (connection === null) throw new Error('WebSocket-Node has no connection before connect');
        return connection;
      };
      return {
        readyState: () =>
          connection === null ? (failed ? 3 : 0) : webSocketNodeReadyState(connection.state),
        protocol: () => connection?.protocol ?? '',
        setBinaryType: null,
        send: (data) =>
          typeof data === 'string' ? live().sendUTF(data) : live().sendBytes(Buffer.from(data)),
        close: (...args) => {
          if (connection === null) client.abort();
          else connection.close(...(args as [number?, string?]));
        },
      };
    },
  };
}

/**
 * WebSocket-Node (npm `websocket`) 1.0, its `w3cwebsocket` class (an EventTarget with the WHATWG
 * surface). header-options cannot recognise it, so it is called ws-style (`implementation: 'ws'`,
 * see child/native-node-clients.ts) through a subclass that maps ws's options onto the positional
 * `origin` and `headers` arguments: the few lines a user writes to put it behind header-options.
 * Connection scripts run on its own `client` and WebSocketConnection (the same class as its server's
 * connection), the API its README teaches, through the native driver above.
 */
export const websocketNode: ClientAdapter = {
  selector: 'websocket-node',
  family: 'websocket-node',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'websocket',
  load: async () => {
    const module = (await import('websocket')) as unknown as {
      default?: { w3cwebsocket: W3CWebSocket; client: WebSocketNodeClientClass };
      w3cwebsocket?: W3CWebSocket;
      client?: WebSocketNodeClientClass;
    };
    const W3C = module.w3cwebsocket ?? module.default?.w3cwebsocket;
    const Client = module.client ?? module.default?.client;
    if (W3C === undefined || Client === undefined)
      throw new Error('websocket has no w3cwebsocket or client export');
    const Shaped = class WebSocketNodeClient extends W3C {
      constructor(
        url: string,
        protocols?: string | string[],
        options: { origin?: string; headers?: Record<string, string> } = {},
      ) {
        super(url, protocols, options.origin, options.headers);
      }
    };
    return withNativeDriver(Shaped, webSocketNodeDriver(Client));
  },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: [
    {
      scenario: 'unreachable-settles',
      reason:
        "w3cwebsocket reports a refused connection as a bare error event (its client's connectFailed reason stays inside), so connect() can only say NETWORK; the timeout, the single request and the process surviving are still checked",
      observed: REFUSED_AS_NETWORK,
    },
    {
      scenario: 'failure-settles',
      reason:
        "w3cwebsocket reports every failed handshake as a bare error event (no status, no cause: its client's httpResponse and connectFailed reason stay inside), so connect() can only say NETWORK for a 401, a subprotocol mismatch or a refused connection; the timeout and the process surviving are still checked",
      observed: 'got HandshakeError NETWORK',
    },
    ...(['headers-arrive', 'header-shapes'] as const).map((scenario) => ({
      ...UVICORN_500_HIDDEN,
      scenario,
      observed: 'failed: ws gave no reason',
    })),
    TORNADO_TRUSTS_ANY_PEER,
    ...declareEach(
      'unoffered-protocol',
      "WebSocket-Node's client checks the 101's Sec-WebSocket-Protocol only when it offered protocols (`if (this.protocols.length > 0)`): a server that selects one the client never offered gets an open connection, no connectFailed",
      ['the socket opened', 'expected one error event, saw open', 'expected one close event, saw open'],
    ),
    ...declareEach('binary-round-trip', NO_BINARY_TYPE, ['arrived as nodebuffer, expected']),
    ...declareEach('fragmented-message', NO_BINARY_TYPE, ['arrived as nodebuffer, expected arraybuffer']),
    ...declareEach('large-message', NO_BINARY_TYPE, ['arrived as nodebuffer, expected arraybuffer']),
    ...declareEach(
      'close-both-ways',
      "WebSocketConnection.close(1000) with no description sends the text of its own table ('Normal connection closure') as the reason, and it answers the peer's close frame with 1000 and no reason whatever code the peer sent (the server's event reads 1000 after its close(4002))",
      ['got [1000,"Normal connection closure",true]', 'expected [4002,true], got [1000,true]'],
    ),
    ...declareEach(
      'invalid-close-refused',
      'WebSocketConnection.close(code) takes every code RFC 6455 lets an endpoint send, 1001 Going Away included (the WHATWG close() refuses it): close(1001) starts the closing handshake, and the sends after it fail with "write after end" (1006)',
      ['invalid close: the connection failed: error (no code): write after end'],
    ),
    ...declareEach(
      'protocol-error',
      `WebSocketConnection reports a reserved opcode only through its 'close' event, with the code it sent (1002, 'Unrecognized Opcode: 0x3'): no 'error' event, no 1006`,
      ['close code 1002, expected 1006', 'expected one error event before the close, saw open'],
    ),
    ...declareEach('throwing-listener', UNCAUGHT_LISTENER, ['0 listener errors reported for 2 messages']),
    ...declareEach(
      'close-while-connecting',
      "WebSocket-Node's client gives up a pending connect with client.abort(), which ends the request silently: no connectFailed, no close, nothing the app is told",
      ['expected one error CLOSED_BEFORE_OPEN, saw step close', 'expected one close event, saw step close'],
    ),
    ...declareEach(
      'peer-never-closes',
      "WebSocketConnection's closeTimeout (the script's 1 s, its own option) only half-closes TCP (socket.end()), and after answering the peer's close frame it waits for the peer's FIN: its 'close' event needs the peer to close TCP, so a peer that holds it open never gets one",
      [
        'silent peer: expected one close event, saw open',
        'silent peer: expected one error CLOSE_TIMEOUT',
        'peer closes, keeps TCP: expected one close event, saw open',
      ],
    ),
    ...declareEach(
      'hostile-frames',
      `WebSocketConnection reports a close frame with code 1005 as a close 1005 (the code is not allowed on the wire: it answers 1002 but reports the peer's 1005), and an invalid UTF-8 reason as 1007, its own code`,
      ['close code 1005, expected 1002 or 1006 or 1007'],
    ),
  ],
};
