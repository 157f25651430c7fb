// Test-only: what a build decided before it deferred anything (the semantics of 2026-11-30 15:00),
// written the plain way, as the oracle of the lazy build's property tests: the token found by
// resolveAuth over every token subprotocol decoded at once, and an X-Forwarded-For walk over split
// entries. Nothing here runs in the package.
import { bearerSubprotocol } from '@ws-compat/header-options';
import { normalizeSocketAddress, parseAddress } from '../address.js';
import { parseAuthorization, resolveAuth, type TokenSource } from '../auth.js';
import { ConnectionContextError } from '../errors.js';
import { parseForwardedNode } from '../forwarded.js';
import { splitOfferedProtocols } from '../subprotocol.js';
import { compileTrustProxy } from '../trust-proxy.js';

/** What the oracle reads of a request: its header lines and its socket peer. */
export interface EagerRequest {
  readonly headers: readonly (readonly [string, string])[];
  readonly peer: string;
  readonly peerPort: number;
}

/** A build's outcome: the error it threw (code and message), or the fields the lazy build defers. */
export type EagerOutcome =
  | { readonly error: { readonly code: string; readonly message: string } }
  | {
      readonly auth: { scheme: string; token: string; source: string } | null;
      readonly authorization: { scheme: string; credentials: string } | null;
      readonly client: {
        address: string | null;
        port: number | null;
        family: string | null;
        forwardedFor: readonly string[];
        viaProxy: boolean;
      };
      readonly secure: boolean;
    };

function joined(request: EagerRequest, name: string): string | null {
  const values = request.headers.filter(([line]) => line.toLowerCase() === name).map(([, value]) => value);
  return values.length === 0 ? null : values.join(', ');
}

function socketClient(request: EagerRequest) {
  const socket = normalizeSocketAddress(request.peer);
  return {
    address: socket.address,
    port: socket.address === null ? null : request.peerPort,
    family: socket.family,
    forwardedFor: [] as string[],
    viaProxy: false,
  };
}

function eagerClient(request: EagerRequest, trustProxy: readonly string[]) {
  const trust = compileTrustProxy(trustProxy);
  const xForwardedFor = joined(request, 'x-forwarded-for');
  const xForwardedProto = joined(request, 'x-forwarded-proto');
  if (trust === null || (xForwardedFor === null && xForwardedProto === null)) {
    return { client: socketClient(request), secure: false };
  }
  const socket = normalizeSocketAddress(request.peer);
  const peer = socket.address === null ? null : parseAddress(socket.address);
  if (peer === null || !trust(peer, 0)) return { client: socketClient(request), secure: false };
  let client = socketClient(request);
  let position = 0;
  if (xForwardedFor !== null && xForwardedFor.trim().length > 0) {
    const entries = xForwardedFor.split(',').map((entry) => entry.replace(/^[ \t]+|[ \t]+$/g, ''));
    const walked: string[] = [];
    for (let index = entries.length - 1; index >= 0; index--) {
      const hop = entries.length - index;
      const node = parseForwardedNode(entries[index] as string, false);
      if (node.kind === 'invalid') {
        throw new ConnectionContextError(
          'INVALID_FORWARDED',
          `X-Forwarded-For entry ${JSON.stringify(node.raw.length > 64 ? `${node.raw.slice(0, 64)}…` : node.raw)} at hop ${hop} is not an IP address, "unknown" or an obfuscated identifier; a trusted proxy passed it on, so the client cannot be identified`,
        );
      }
      walked.push(node.address === null ? node.raw : node.address.text);
      client = {
        address: node.address?.text ?? null,
        port: node.address === null ? null : node.port,
        family: node.address?.family ?? null,
        forwardedFor: walked,
        viaProxy: true,
      };
      position = hop - 1;
      if (node.address === null || !trust(node.address, hop)) break;
    }
  }
  let secure = false;
  if (xForwardedProto !== null) {
    const protos = xForwardedProto.split(',');
    const entry = protos[protos.length > position ? protos.length - 1 - position : 0] as string;
    secure = ['https', 'wss'].includes(entry.trim().toLowerCase());
  }
  return { client, secure };
}

/**
 * The outcome of a build of `request` with `{ trustProxy, tokenSources }`, as the eager build decided it.
 *
 * @param request - the header lines and the socket peer.
 * @param trustProxy - a `trustProxy` list.
 * @param sources - `tokenSources` among `'header'` and `'subprotocol'`.
 */
export function eagerOutcome(
  request: EagerRequest,
  trustProxy: readonly string[],
  sources: readonly TokenSource[],
): EagerOutcome {
  try {
    const authorizationValue = joined(request, 'authorization');
    let headerToken: string | null = null;
    let authorization: { scheme: string; credentials: string } | null = null;
    if (sources.includes('header') && authorizationValue !== null) {
      const parsed = parseAuthorization(authorizationValue);
      if (parsed.kind === 'bearer') headerToken = parsed.token;
      else authorization = { ...parsed.authorization };
    }
    const protocols = joined(request, 'sec-websocket-protocol');
    const auth = resolveAuth({
      sources,
      headerToken,
      tokenProtocols:
        protocols === null ? [] : splitOfferedProtocols(protocols, bearerSubprotocol.prefix).tokens,
      prefix: bearerSubprotocol.prefix,
      query: undefined as never,
      tokenQueryParam: 'access_token',
      cookies: () => ({}),
      tokenCookie: 'access_token',
    });
    const { client, secure } = eagerClient(request, trustProxy);
    return { auth: auth === null ? null : { ...auth }, authorization, client, secure };
  } catch (error) {
    if (!(error instanceof ConnectionContextError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}
