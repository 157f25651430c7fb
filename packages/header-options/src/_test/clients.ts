// Test-only: the real clients the integration suite runs against, each with what it cannot do.
import { createRequire } from 'node:module';
import type { ImplementationKind, WebSocketConstructor } from '../implementations/detect.js';

const require = createRequire(import.meta.url);

/** What a client can do; a suite case that needs a missing capability is skipped with its reason. */
export interface ClientCapabilities {
  /** Offers more than one subprotocol (undici 5 fails every such handshake). */
  readonly multipleProtocols: boolean;
  /** Fires `close` after a failed handshake (undici 5 and 6 never do; `connect()` does not need it). */
  readonly closeAfterFailure: boolean;
  /** 'error' listeners the implementation itself leaves on a closed socket (ws 2: a catch-all no-op). */
  readonly ownErrorListenersAfterClose: number;
}

export interface ClientUnderTest {
  readonly id: string;
  /**
   * The smoke row of its family (the newest major): it also runs the cross-implementation facts the
   * conformance matrix owns for every version (see docs/architecture.md, "Which suite owns what").
   */
  readonly smoke: boolean;
  readonly version: string;
  readonly kind: ImplementationKind;
  readonly WebSocket: WebSocketConstructor;
  readonly capabilities: ClientCapabilities;
}

function versionOf(alias: string): string {
  return (require(`${alias}/package.json`) as { version: string }).version;
}

function wsClient(alias: string, ownErrorListenersAfterClose = 0, smoke = false): ClientUnderTest {
  const version = versionOf(alias);
  return {
    id: `ws@${version}`,
    smoke,
    version,
    kind: 'ws',
    WebSocket: require(alias) as WebSocketConstructor,
    capabilities: { multipleProtocols: true, closeAfterFailure: true, ownErrorListenersAfterClose },
  };
}

function undiciClient(alias: string, capabilities: ClientCapabilities, smoke = false): ClientUnderTest {
  const version = versionOf(alias);
  return {
    id: `undici@${version}`,
    smoke,
    version,
    kind: 'undici',
    WebSocket: (require(alias) as { WebSocket: WebSocketConstructor }).WebSocket,
    capabilities,
  };
}

/** Every client the in-process suite covers on this Node; ws 8 and undici 7 are the smoke rows. */
export const clients = {
  ws2: () => wsClient('ws2', 1),
  ws3: () => wsClient('ws3'),
  ws4: () => wsClient('ws4'),
  ws5: () => wsClient('ws5'),
  ws6: () => wsClient('ws6'),
  ws7: () => wsClient('ws7'),
  ws8: () => wsClient('ws8', 0, true),
  undici5: () =>
    undiciClient('undici5', {
      multipleProtocols: false,
      closeAfterFailure: false,
      ownErrorListenersAfterClose: 0,
    }),
  undici6: () =>
    undiciClient('undici6', {
      multipleProtocols: true,
      closeAfterFailure: false,
      ownErrorListenersAfterClose: 0,
    }),
  undici7: () =>
    undiciClient(
      'undici7',
      { multipleProtocols: true, closeAfterFailure: true, ownErrorListenersAfterClose: 0 },
      true,
    ),
} as const;
