import { type NativeClientDriver, withNativeDriver } from '../child/native-client.js';
import type { FayeSocket } from '../servers/faye-websocket.js';
import { utf8HeaderValues } from './_native.js';
import {
  declareEach,
  REFUSED_AS_NETWORK,
  TORNADO_TRUSTS_ANY_PEER,
  UVICORN_500_HIDDEN,
} from './_node-natives.js';
import type { ClientAdapter } from './_types.js';

type FayeClient = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => FayeSocket;

const NO_BINARY_TYPE =
  "faye's Client has no binaryType: every binary message is a Buffer, so 'blob' and 'arraybuffer' cannot be asked for; 'nodebuffer' passes";

/**
 * Connection scripts on faye's own `Client`: `new Client(url, protocols)`, `send(string | Buffer)`,
 * `close(code, reason)`, its `open`, `message`, `error` and `close` events (code and reason, no
 * wasClean). It has no binaryType (binary messages are Buffers) and no per-socket close timeout.
 */
function fayeDriver(Client: FayeClient): NativeClientDriver {
  return {
    open(url, protocols, events) {
      const ws = new Client(url, [...protocols]);
      ws.on('open', () => events.open());
      ws.on('message', (event) => events.message(event.data));
      ws.on('error', (event) => events.error(event.message ?? ''));
      // faye's close event is `new Event('close', { code, reason })`: no wasClean, so null
      ws.on('close', (event) => events.close(event.code, event.reason, null));
      return {
        readyState: () => ws.readyState,
        protocol: () => ws.protocol ?? '',
        setBinaryType: null,
        send: (data) => {
          ws.send(typeof data === 'string' ? data : Buffer.from(data));
        },
        close: (...args) => ws.close(...(args as [number?, string?])),
      };
    },
  };
}

/**
 * faye-websocket 0.11's `Client`: `new Client(url, protocols, { headers })`, the ws call shape, so it
 * goes through header-options as `implementation: 'ws'` (child/native-node-clients.ts): header-options
 * cannot recognise the class on its own. faye has no `origin` option: its users send Origin in
 * `headers`, and so does the subclass (given ws's `origin` option, faye throws `Unrecognized option:
 * origin` after it has opened the TCP connection, which it then leaks with no error listener).
 */
export const fayeWebsocket: ClientAdapter = {
  selector: 'faye-websocket',
  family: 'faye-websocket',
  runtime: { kind: 'node', major: 20, flags: [] },
  packageName: 'faye-websocket',
  load: async () => {
    const { Client } = ((await import('faye-websocket')) as unknown as { default: { Client: FayeClient } })
      .default;
    const Shaped = class FayeWithOrigin extends Client {
      constructor(
        url: string,
        protocols?: string | string[],
        options: { origin?: string; headers?: Record<string, string> } = {},
      ) {
        const { origin, ...rest } = options;
        super(
          url,
          protocols,
          origin === undefined ? rest : { ...rest, headers: { ...rest.headers, Origin: origin } },
        );
      }
    };
    return withNativeDriver(Shaped, fayeDriver(Client));
  },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY, connection: true },
  expectedFailures: [
    {
      scenario: 'unreachable-settles',
      reason:
        'faye\'s Client reports a refused connection as an error event whose message is the only detail ("connect ECONNREFUSED"): no code property, so connect() can only say NETWORK; the timeout, the single request and the process surviving are still checked',
      observed: REFUSED_AS_NETWORK,
    },
    utf8HeaderValues,
    {
      scenario: 'failure-settles',
      reason:
        'faye\'s Client reports a failed handshake as an error event whose message is the only detail ("Unexpected response code: 401", "connect ECONNREFUSED"): no status or code property, so connect() can only say NETWORK for a 401 or a refused connection; the timeout and the process surviving are still checked',
      observed: 'got HandshakeError NETWORK',
    },
    ...(['headers-arrive', 'header-shapes'] as const).map((scenario) => ({
      ...UVICORN_500_HIDDEN,
      scenario,
      observed: 'Unexpected response code: 500',
    })),
    TORNADO_TRUSTS_ANY_PEER,
    ...declareEach(
      'unoffered-protocol',
      `faye's Client fails a 101 that selects an unoffered protocol with a close event 1002 (the code of its own failure) instead of 1006`,
      ['close code 1002, expected 1006'],
    ),
    ...declareEach('binary-round-trip', NO_BINARY_TYPE, ['arrived as nodebuffer, expected']),
    ...declareEach('fragmented-message', NO_BINARY_TYPE, ['arrived as nodebuffer, expected arraybuffer']),
    ...declareEach('large-message', NO_BINARY_TYPE, ['arrived as nodebuffer, expected arraybuffer']),
    ...declareEach(
      'invalid-close-refused',
      "faye's close() refuses a code outside 1000 and 3000-4999 with a plain Error (\"Failed to execute 'close' on WebSocket: ...\"), not a DOMException InvalidAccessError, and does not check the reason's length: close(4000, 124-byte reason) sends a 126-byte close payload, over RFC 6455's 125-byte control frame limit, so the connection ends and the peer answers 1002",
      [
        'threw Error',
        'expected SyntaxError, did not throw',
        '124-byte reason): readyState 2 after it',
        'no message arrived',
        'client: close code 1002, expected 1000',
      ],
    ),
    ...declareEach(
      'protocol-error',
      `faye's Client reports a reserved opcode with an error event and a close event 1002 (the code it sent), not 1006`,
      ['close code 1002, expected 1006'],
    ),
    ...declareEach(
      'throwing-listener',
      "faye's ws.on('message') listeners are called with no try/catch: a throw there is an uncaught exception that ends the process (measured on its server side, the same API class), so the driver adds no throwing listener (the client process runs other cells' scripts) and no listener error is reported",
      ['0 listener errors reported for 2 messages'],
    ),
    ...declareEach(
      'close-while-connecting',
      "faye's close() while CONNECTING ends with a close event 1000 and no error, as if an open connection had closed cleanly",
      ['expected one error CLOSED_BEFORE_OPEN, saw close 1000', 'close code 1000, expected 1006'],
    ),
    ...declareEach(
      'peer-never-closes',
      "faye's close timeout is API.CLOSE_TIMEOUT, 30 s for every socket of the process (no per-socket option): after close() to a peer that never answers, the close event (1006) comes only after 30 s",
      ['silent peer: expected one close event, saw open', 'silent peer: expected one error CLOSE_TIMEOUT'],
    ),
  ],
};
