import { normalizeSocketAddress, parseAddress } from './address.js';
import { ConnectionContextError } from './errors.js';
import { type ForwardedNode, parseForwardedHeader, parseForwardedNode } from './forwarded.js';
import type { TrustCheck } from './trust-proxy.js';

/** Who is on the other end, as far as the trusted proxies let us know. */
export interface ClientInfo {
  /** The client's IP address (normalized, `::ffff:` removed); `null` when unknown or obfuscated. */
  readonly address: string | null;
  /** The client's source port: the socket's, a forwarded node's, or `null` when a proxy did not say. */
  readonly port: number | null;
  readonly family: 'IPv4' | 'IPv6' | null;
  /** The forwarded nodes that were believed or reached, nearest first; the last one is the client. */
  readonly forwardedFor: readonly string[];
  /** `true` when `address` came from a forwarding header rather than from the socket. */
  readonly viaProxy: boolean;
}

/** Which forwarding header the trusted proxies write. */
export type ForwardedHeaderMode = 'auto' | 'forwarded' | 'x-forwarded-for';

/** What the client resolution reads from the request. */
export interface ClientInput {
  readonly socketAddress: string | null | undefined;
  readonly socketPort: number | null;
  readonly encrypted: boolean;
  readonly xForwardedFor: string | null;
  readonly xForwardedProto: string | null;
  readonly forwarded: string | null;
}

interface Walk {
  readonly client: ClientInfo;
  /** The index (left to right) of the node taken as the client, -1 for the socket. */
  readonly clientIndex: number;
  readonly count: number;
}

const NO_HOPS: readonly string[] = Object.freeze([]);
// A Forwarded element without for= says a proxy was there but not who its client was.
const UNKNOWN_NODE: ForwardedNode = Object.freeze({
  kind: 'unknown',
  address: null,
  port: null,
  raw: 'unknown',
});

function splitList(value: string): string[] {
  const parts = value.split(',');
  for (let index = 0; index < parts.length; index++) parts[index] = (parts[index] as string).trim();
  return parts;
}

function countEntries(value: string): number {
  let count = 1;
  for (let comma = value.indexOf(','); comma !== -1; comma = value.indexOf(',', comma + 1)) count++;
  return count;
}

// Hands out a list's entries from the right, trimmed, without splitting the whole value: the
// walk reads only as far as it trusts.
function entriesFromTheRight(value: string): () => string {
  let end = value.length;
  return () => {
    const comma = end > 0 ? value.lastIndexOf(',', end - 1) : -1;
    let first = comma + 1;
    let last = end;
    end = comma;
    while (first < last && (value.charCodeAt(first) === 32 || value.charCodeAt(first) === 9)) first++;
    while (last > first && (value.charCodeAt(last - 1) === 32 || value.charCodeAt(last - 1) === 9)) last--;
    return first === 0 && last === value.length ? value : value.slice(first, last);
  };
}

function preview(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function clientFromNode(node: ForwardedNode, walked: string[]): ClientInfo {
  const address = node.address;
  return Object.freeze({
    address: address === null ? null : address.text,
    port: address === null ? null : node.port,
    family: address === null ? null : address.family,
    forwardedFor: Object.freeze(walked.slice()),
    viaProxy: true,
  });
}

// Walks right to left from the trusted socket peer and stops at the first untrusted node. Nodes
// left of that point are never even parsed: whatever a client wrote there cannot matter.
function walk(
  socketClient: ClientInfo,
  count: number,
  nodeAt: (index: number) => ForwardedNode,
  trust: TrustCheck,
  header: string,
): Walk {
  const walked: string[] = [];
  let client: ForwardedNode | null = null;
  let clientIndex = -1;
  for (let index = count - 1, hop = 1; index >= 0; index--, hop++) {
    const node = nodeAt(index);
    if (node.kind === 'invalid') {
      throw new ConnectionContextError(
        'INVALID_FORWARDED',
        `${header} entry ${preview(node.raw)} at hop ${hop} is not an IP address, "unknown" or an obfuscated identifier; a trusted proxy passed it on, so the client cannot be identified`,
      );
    }
    walked.push(node.address === null ? node.raw : node.address.text);
    client = node;
    clientIndex = index;
    if (node.address === null || !trust(node.address, hop)) break;
  }
  if (client === null) return { client: socketClient, clientIndex: -1, count };
  return { client: clientFromNode(client, walked), clientIndex, count };
}

function isPresent(value: string | null): value is string {
  return value !== null && value.trim().length > 0;
}

function isSecureProto(proto: string | null | undefined): boolean {
  if (proto === null || proto === undefined) return false;
  const lower = proto.trim().toLowerCase();
  return lower === 'https' || lower === 'wss';
}

/**
 * Resolves the client address and whether the connection is secure.
 *
 * Without `trust` (the default), the socket is the whole truth and every forwarding header is
 * ignored. With it, the chain `[socket, ...nodes right to left]` is walked while each address is
 * trusted; the first untrusted node is the client. `X-Forwarded-Proto` and `proto=` count only when
 * the socket peer is trusted.
 *
 * @returns the frozen client and `secure`.
 * @throws {ConnectionContextError} `INVALID_FORWARDED` for a malformed `Forwarded` header from a
 *   trusted peer, a walked node that is not an address, or (mode `auto`) the two headers disagreeing.
 */
export function resolveClient(
  input: ClientInput,
  trust: TrustCheck | null,
  mode: ForwardedHeaderMode,
): { client: ClientInfo; secure: boolean } {
  const socket = normalizeSocketAddress(input.socketAddress);
  const socketClient: ClientInfo = Object.freeze({
    address: socket.address,
    port: socket.address === null ? null : input.socketPort,
    family: socket.family,
    forwardedFor: NO_HOPS,
    viaProxy: false,
  });
  if (trust === null || socket.address === null) return { client: socketClient, secure: input.encrypted };
  const peer = parseAddress(socket.address);
  if (peer === null || !trust(peer, 0)) return { client: socketClient, secure: input.encrypted };

  const useForwarded = mode !== 'x-forwarded-for' && isPresent(input.forwarded);
  const useXff = mode !== 'forwarded' && isPresent(input.xForwardedFor);

  let fromXff: Walk | null = null;
  let xffCount = 0;
  if (useXff) {
    const value = input.xForwardedFor as string;
    const next = entriesFromTheRight(value);
    xffCount = countEntries(value);
    fromXff = walk(socketClient, xffCount, () => parseForwardedNode(next(), false), trust, 'X-Forwarded-For');
  }
  if (useForwarded) {
    const elements = parseForwardedHeader(input.forwarded as string);
    const fromForwarded = walk(
      socketClient,
      elements.length,
      (index) => (elements[index] as { node: ForwardedNode | null }).node ?? UNKNOWN_NODE,
      trust,
      'Forwarded',
    );
    if (fromXff !== null && describeClient(fromXff.client) !== describeClient(fromForwarded.client)) {
      throw new ConnectionContextError(
        'INVALID_FORWARDED',
        `Forwarded and X-Forwarded-For disagree about the client (${preview(describeClient(fromForwarded.client))} vs ${preview(describeClient(fromXff.client))}); a proxy that writes one passes the other through from the client, so set forwardedHeader to the one your proxy writes`,
      );
    }
    if (fromForwarded.clientIndex !== -1) {
      const proto = elements[fromForwarded.clientIndex]?.proto;
      return { client: fromForwarded.client, secure: input.encrypted || isSecureProto(proto) };
    }
    if (fromXff === null) return { client: fromForwarded.client, secure: input.encrypted };
  }
  const client = fromXff === null ? socketClient : fromXff.client;
  let secure = input.encrypted;
  if (!secure && input.xForwardedProto !== null && mode !== 'forwarded') {
    const protos = splitList(input.xForwardedProto);
    // Aligned with X-Forwarded-For when every proxy appended to both; otherwise only the value
    // written by the trusted peer itself (the last one) is believed.
    const aligned = fromXff !== null && fromXff.clientIndex !== -1 && protos.length === xffCount;
    secure = isSecureProto(aligned ? protos[(fromXff as Walk).clientIndex] : protos[protos.length - 1]);
  }
  return { client, secure };
}

function describeClient(client: ClientInfo): string {
  return client.address ?? client.forwardedFor[client.forwardedFor.length - 1] ?? 'unknown';
}
