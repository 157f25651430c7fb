import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type NativeServerEvents, throwingListenerUncaught } from '../child/native-server.js';
import { listenOnLoopback, upgradeOnlyServer } from './_loopback-http.js';
import type { FrameworkServerAdapter } from './_types.js';

/** What crossws 0.4 gives hooks: `peer.request` is its Request stand-in (absolute `url`, `Headers`). */
interface CrosswsRequest {
  url: string;
  headers: { get(name: string): string | null };
}
interface CrosswsPeer {
  request: CrosswsRequest;
  remoteAddress: string | undefined;
  websocket: { protocol?: string; readyState?: number };
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}
/** crossws's Message: `rawData` is a string for text (its Node adapter decodes it), bytes for binary. */
interface CrosswsMessage {
  rawData: unknown;
  text(): string;
  uint8Array(): Uint8Array;
}
interface CrosswsHooks {
  upgrade(request: CrosswsRequest): Response | undefined;
  open(peer: CrosswsPeer): void;
  message(peer: CrosswsPeer, message: CrosswsMessage): void;
  error(peer: CrosswsPeer, error: { message: string }): void;
  close(peer: CrosswsPeer, details: { code?: number; reason?: string }): void;
}
type NodeAdapter = (options: {
  hooks: CrosswsHooks;
  handleProtocols(offered: Set<string>, request: CrosswsRequest): string | false;
}) => { handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> };

const WHOLE_OFFER =
  "crossws's `peer.websocket.protocol` is the whole offered Sec-WebSocket-Protocol header (token included), not the selected protocol: its Node adapter sends the selection as an extra response header, so ws's own `protocol` stays '' and crossws falls back to the request header. The wire carries the right selection; read the selection from your `handleProtocols`, and the token from ctx.auth";
/** Clients that use their own API (no header-options): they can make a token-only offer. */
const NATIVE_CLIENTS = ['python-websockets', 'aiohttp', 'websocket-client', 'tornado', 'gorilla'];
/** Node and browser clients that offer more than one subprotocol. */
const NOT_UNDICI5 = [
  'ws',
  'undici@6',
  'undici@7',
  'undici@8',
  'node-global',
  'chromium',
  'firefox',
  'webkit',
  'websocket-node',
  'faye-websocket',
  'partysocket',
];

/**
 * crossws 0.4 through its Node adapter (`crossws/adapters/node`) on a Node `upgrade` listener, as its
 * README wires it. The `upgrade` hook refuses with a `Response` (401 + WWW-Authenticate); the
 * `handleProtocols` option selects with selectSubprotocol; the context is built from `peer.request`,
 * crossws's WHATWG-style Request (absolute URL from the Host header, a `Headers`), with
 * `peer.remoteAddress` as the client address. The reported protocol is `peer.websocket.protocol`,
 * what the app reads. Connection scenarios run on its peer and hooks: `peer.send`, `peer.close(code,
 * reason)`, the `message`, `error` and `close` hooks (code and reason, no wasClean: reported as null).
 */
export const crosswsServer: FrameworkServerAdapter = {
  selector: 'crossws',
  family: 'crossws',
  packageName: 'crossws',
  connection: true,
  async serve(tools) {
    const nodeAdapter = ((await import('crossws/adapters/node')) as unknown as { default: NodeAdapter })
      .default;
    const peers = new Map<CrosswsPeer, NativeServerEvents | null>();
    const ws = nodeAdapter({
      handleProtocols: (offered) => tools.selectSubprotocol(offered, tools.supported),
      hooks: {
        upgrade() {
          if (!tools.reject) return undefined;
          return new Response('unauthorized\n', {
            status: 401,
            headers: { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain' },
          });
        },
        open(peer) {
          const address = peer.remoteAddress;
          const events = tools.opened({
            // absolute, built from the Host header: the attempt key is found in its path all the same
            url: peer.request.url,
            protocol: peer.websocket.protocol ?? '',
            context: () =>
              tools.buildContext(peer.request, address === undefined ? {} : { remoteAddress: address }),
            offered: null,
            native: {
              sendText: (text) => peer.send(text),
              sendBinary: (bytes) => peer.send(bytes),
              close: (code, reason) => peer.close(code, reason),
              readyState: () => peer.websocket.readyState ?? -1,
            },
          });
          peers.set(peer, events);
        },
        message(peer, message) {
          const text = typeof message.rawData === 'string';
          peers.get(peer)?.message(text ? message.text() : message.uint8Array());
        },
        error(peer, error) {
          peers.get(peer)?.error(error.message);
        },
        close(peer, { code = 1005, reason = '' }) {
          // the hook's details are { code, reason }: no wasClean, reported as null
          peers.get(peer)?.close(code, reason, null);
          peers.delete(peer);
        },
      },
    });
    const http = upgradeOnlyServer();
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {});
      void ws.handleUpgrade(request, socket, head);
    });
    return listenOnLoopback(http);
  },
  expectedFailures: [
    {
      scenario: 'subprotocol',
      reason: WHOLE_OFFER,
      observed: 'server protocol: expected "chat", got "chat,',
      // undici 5 offers one subprotocol, so the offer is never more than the selection
      clients: [...NOT_UNDICI5, ...NATIVE_CLIENTS],
    },
    {
      scenario: 'multi-protocol',
      reason: WHOLE_OFFER,
      observed: 'server protocol vs response bytes: expected "superchat", got "superchat,',
    },
    {
      scenario: 'token-only-offer',
      reason: `${WHOLE_OFFER}. A token-only offer selects nothing on the wire, and the app reads the token as "the protocol" (header-options never makes a token-only offer: HEADERS_UNSUPPORTED, so only clients outside Node meet it)`,
      observed: 'reports the token subprotocol as its protocol',
      clients: NATIVE_CLIENTS,
    },
    {
      scenario: 'context',
      reason:
        "crossws's peer gives the client's address (`peer.remoteAddress`) but no port, and its request is a WHATWG-style Request, so connection-context cannot know the port (ctx.client.port is null)",
      observed: '"port":null',
    },
    ...(
      [
        'server close(1001): no message arrived',
        'server: echo after its refused close: no message arrived',
        'client: close code 1001, expected 1000',
      ] as const
    ).map((observed) => ({
      scenario: 'invalid-close-refused',
      reason:
        "crossws's peer.close(code) is its ws socket's close(), which takes every code RFC 6455 lets an endpoint send, 1001 Going Away included (the WHATWG close() refuses it): close(1001) closes the connection instead of throwing, so nothing is echoed after it",
      observed,
    })),
    {
      scenario: 'peer-never-closes',
      reason:
        "crossws's Node adapter closes through its bundled ws, whose closing handshake timeout is a fixed 30 s (no option through crossws): a peer that holds TCP open gets the close hook only after 30 s",
      observed: 'no close event while the peer holds TCP',
    },
    throwingListenerUncaught("crossws's message hook"),
  ],
};
