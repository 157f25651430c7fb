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

/** Everything the newest majors can do; older ones override what they cannot. */
const FULL: ClientCapabilities = {
  multipleProtocols: true,
  closeAfterFailure: true,
  ownErrorListenersAfterClose: 0,
};

/** A client installed as the npm alias `alias` (ws: the module is the class; undici: its `WebSocket`). */
function client(
  kind: 'ws' | 'undici',
  alias: string,
  capabilities: Partial<ClientCapabilities> = {},
  smoke = false,
): ClientUnderTest {
  const { version } = require(`${alias}/package.json`) as { version: string };
  const loaded = require(alias) as WebSocketConstructor & { WebSocket?: WebSocketConstructor };
  return {
    id: `${kind}@${version}`,
    smoke,
    version,
    kind,
    WebSocket: kind === 'ws' ? loaded : (loaded.WebSocket as WebSocketConstructor),
    capabilities: { ...FULL, ...capabilities },
  };
}

/** Every client the in-process suite covers on this Node; ws 8 and undici 7 are the smoke rows. */
export const clients = {
  ws2: () => client('ws', 'ws2', { ownErrorListenersAfterClose: 1 }),
  ws3: () => client('ws', 'ws3'),
  ws4: () => client('ws', 'ws4'),
  ws5: () => client('ws', 'ws5'),
  ws6: () => client('ws', 'ws6'),
  ws7: () => client('ws', 'ws7'),
  ws8: () => client('ws', 'ws8', {}, true),
  undici5: () => client('undici', 'undici5', { multipleProtocols: false, closeAfterFailure: false }),
  undici6: () => client('undici', 'undici6', { closeAfterFailure: false }),
  undici7: () => client('undici', 'undici7', {}, true),
} as const;
