// Test-only: the real clients the in-process suite runs, each with what it cannot do (capability data:
// an upstream defect the facade cannot reach, with the reason, not a test that pins the bug).
import { createRequire } from 'node:module';
import { BrowserLikeWebSocket } from './browser-like.js';

const require = createRequire(import.meta.url);

export type ClientConstructor = new (url: string, protocols?: string | string[]) => unknown;

export interface ClientCapabilities {
  /** Validates UTF-8 in text frames (ws 2-6 without utf-8-validate deliver U+FFFD silently). */
  readonly validatesUtf8: boolean;
  /** The code reported for an empty close frame: 1005, but ws 2 and 3 report 1000. */
  readonly emptyCloseCode: 1000 | 1005;
  /** Says what went wrong in its error event (undici 7/8 and Node 24 give an empty TypeError). */
  readonly describesErrors: boolean;
  /** Fails the connection on RSV1 without an extension (undici 5 delivers the message). */
  readonly rejectsRsv1: boolean;
  /** Joins a message of 3 or more fragments (undici 5 loses the last one). */
  readonly joinsFragments: boolean;
  /**
   * The code on the wire for `close()` and `close(1000)` without a reason: null (empty frame) and 1000,
   * except ws 2 (1000 for both) and ws 3 (an empty frame for both).
   */
  readonly wireCodeWithoutReason: { readonly none: number | null; readonly normal: number | null };
}

export interface ClientUnderTest {
  readonly id: string;
  readonly family: 'ws' | 'undici' | 'browser';
  readonly WebSocket: ClientConstructor;
  readonly capabilities: ClientCapabilities;
}

function versionOf(alias: string): string {
  return (require(`${alias}/package.json`) as { version: string }).version;
}

const standard: ClientCapabilities = {
  validatesUtf8: true,
  emptyCloseCode: 1005,
  describesErrors: true,
  rejectsRsv1: true,
  joinsFragments: true,
  wireCodeWithoutReason: { none: null, normal: 1000 },
};

function ws(alias: string, capabilities: Partial<ClientCapabilities> = {}): () => ClientUnderTest {
  return () => ({
    id: `ws@${versionOf(alias)}`,
    family: 'ws',
    WebSocket: require(alias) as ClientConstructor,
    capabilities: { ...standard, ...capabilities },
  });
}

function undici(alias: string, capabilities: Partial<ClientCapabilities> = {}): () => ClientUnderTest {
  return () => ({
    id: `undici@${versionOf(alias)}`,
    family: 'undici',
    WebSocket: (require(alias) as { WebSocket: ClientConstructor }).WebSocket,
    capabilities: { ...standard, ...capabilities },
  });
}

/** A stand-in for a browser (Chromium's measured behaviour over ws 8); real browsers run in the conformance app. */
function browserLike(): ClientUnderTest {
  return {
    id: 'browser stand-in',
    family: 'browser',
    WebSocket: BrowserLikeWebSocket,
    // a browser's error event is a bare Event: the facade has no reason to give
    capabilities: { ...standard, describesErrors: false },
  };
}

/** Every client the in-process suite covers. */
export const clients = {
  ws2: ws('ws2', {
    validatesUtf8: false,
    emptyCloseCode: 1000,
    wireCodeWithoutReason: { none: 1000, normal: 1000 },
  }),
  ws3: ws('ws3', {
    validatesUtf8: false,
    emptyCloseCode: 1000,
    wireCodeWithoutReason: { none: null, normal: null },
  }),
  ws4: ws('ws4', { validatesUtf8: false }),
  ws5: ws('ws5', { validatesUtf8: false }),
  ws6: ws('ws6', { validatesUtf8: false }),
  ws7: ws('ws7'),
  ws8: ws('ws8'),
  undici5: undici('undici5', { rejectsRsv1: false, joinsFragments: false }),
  undici6: undici('undici6'),
  undici7: undici('undici7', { describesErrors: false }),
  browserLike,
} as const;
