import { dottedQuadValue, normalizeSocketAddress, parseAddress } from './address.js';
import { ConnectionContextError } from './errors.js';
import {
  type ForwardedElement,
  type ForwardedNode,
  parseForwardedHeader,
  parseForwardedNode,
} from './forwarded.js';
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

/**
 * Which forwarding header the trusted proxies write: `'x-forwarded-for'` (X-Forwarded-For, with
 * X-Forwarded-Proto for the scheme) or `'forwarded'` (RFC 7239 `Forwarded`, `for=` and `proto=`).
 * The other header is never read.
 */
export type ForwardedHeaderMode = 'x-forwarded-for' | 'forwarded';

/**
 * Where the socket peer's address and port are read: a Node socket, whose `remoteAddress` and
 * `remotePort` getters make a `getpeername` system call, or a plain object for a WHATWG `Request`.
 */
export interface PeerSocket {
  readonly remoteAddress?: string | null | undefined;
  readonly remotePort?: number | null | undefined;
}

/** What the client resolution reads from the request. */
export interface ClientInput {
  /** Read only when a forwarding header has to be walked (the walk starts at the peer). */
  readonly peer: PeerSocket | null;
  readonly encrypted: boolean;
  readonly xForwardedFor: string | null;
  readonly xForwardedProto: string | null;
  readonly forwarded: string | null;
}

interface Walk {
  /** `null`: nothing was walked, the socket peer is the client. */
  readonly client: ClientInfo | null;
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

function countEntries(value: string): number {
  let count = 1;
  for (let comma = value.indexOf(','); comma !== -1; comma = value.indexOf(',', comma + 1)) count++;
  return count;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** Whether `value.slice(start, end)`, trimmed, is `https` or `wss` in any case, without slicing. */
function isSecureRange(value: string, start: number, end: number): boolean {
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  const length = end - start;
  if (length === 5) {
    return (
      (value.charCodeAt(start) | 32) === 104 /* h */ &&
      (value.charCodeAt(start + 1) | 32) === 116 /* t */ &&
      (value.charCodeAt(start + 2) | 32) === 116 /* t */ &&
      (value.charCodeAt(start + 3) | 32) === 112 /* p */ &&
      (value.charCodeAt(start + 4) | 32) === 115 /* s */
    );
  }
  return (
    length === 3 &&
    (value.charCodeAt(start) | 32) === 119 /* w */ &&
    (value.charCodeAt(start + 1) | 32) === 115 /* s */ &&
    (value.charCodeAt(start + 2) | 32) === 115 /* s */
  );
}

/** Whether entry `index` (0-based, commas as separators) of `value` is `https` or `wss`. */
function isSecureEntry(value: string, index: number): boolean {
  let start = 0;
  for (let entry = 0; entry < index; entry++) start = value.indexOf(',', start) + 1;
  const comma = value.indexOf(',', start);
  const end = comma === -1 ? value.length : comma;
  // The fast check trims spaces and tabs only; anything else goes through trim() and toLowerCase()
  // as before, so other whitespace (a no-break space, say) is treated exactly as it always was.
  return isSecureRange(value, start, end) || isSecureProto(value.slice(start, end));
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
    forwardedFor: Object.freeze(walked),
    viaProxy: true,
  });
}

// Walks the Forwarded elements right to left from the trusted socket peer and stops at the first
// untrusted node. Nodes left of that point are never looked at: whatever a client wrote there cannot
// matter. (X-Forwarded-For has its own walk, walkXForwardedFor, that keeps nothing.)
function walk(elements: readonly ForwardedElement[], trust: TrustCheck, header: string): Walk {
  const count = elements.length;
  let walked: string[] = NO_WALK;
  let client: ForwardedNode | null = null;
  let clientIndex = -1;
  for (let index = count - 1, hop = 1; index >= 0; index--, hop++) {
    const node = (elements[index] as ForwardedElement).node ?? UNKNOWN_NODE;
    if (node.kind === 'invalid') throw invalidEntry(header, node.raw, hop);
    // Exact-size arrays: the list is kept by the context, and a pushed-to array keeps spare room.
    walked = appendTo(walked, node.address === null ? node.raw : node.address.text);
    client = node;
    clientIndex = index;
    if (node.address === null || !trust(node.address, hop)) break;
  }
  if (client === null) return { client: null, clientIndex: -1, count };
  return { client: clientFromNode(client, walked), clientIndex, count };
}

const NO_WALK: string[] = [];

function appendTo(list: string[], value: string): string[] {
  if (list.length === 0) return [value];
  const longer = new Array<string>(list.length + 1);
  for (let index = 0; index < list.length; index++) longer[index] = list[index] as string;
  longer[list.length] = value;
  return longer;
}

// The next X-Forwarded-For entry to the left of `end`: entryBounds() sets where it starts (its comma,
// -1 for the first entry) and its trimmed bounds, without a copy; entryBefore() also returns it (the
// whole value when it is one entry). Module-level results, read right after the call, never kept.
let entryStart = 0;
let entryFirst = 0;
let entryLast = 0;
function entryBounds(value: string, end: number): void {
  const comma = end > 0 ? value.lastIndexOf(',', end - 1) : -1;
  let first = comma + 1;
  let last = end;
  while (first < last && isSpace(value.charCodeAt(first))) first++;
  while (last > first && isSpace(value.charCodeAt(last - 1))) last--;
  entryStart = comma;
  entryFirst = first;
  entryLast = last;
}

function entryBefore(value: string, end: number): string {
  entryBounds(value, end);
  return entryFirst === 0 && entryLast === value.length ? value : value.slice(entryFirst, entryLast);
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
 * Without `trust` (the default), or when the socket peer is not trusted, the socket is the whole
 * truth and every forwarding header is ignored. Otherwise only the header named by `mode` is read:
 * its chain `[socket, ...nodes right to left]` is walked while each address is trusted, and the
 * first untrusted node is the client. The scheme comes from the same hop: the `proto=` of the
 * `Forwarded` element naming the client, or the X-Forwarded-Proto entry at the client's position
 * counted from the right (see {@link xForwardedProtoIndex}).
 *
 * The peer's address is read only when there is something to walk: without `trust`, or when the
 * request has none of the headers `mode` reads, the result is `client: null`, meaning "the socket
 * peer", which {@link peerClient} reads when the context's `client` is first asked for.
 *
 * @returns the frozen client (or `null` for the socket peer, not read yet) and `secure`.
 * @throws {ConnectionContextError} `INVALID_FORWARDED` for a malformed `Forwarded` header from a
 *   trusted peer (mode `'forwarded'`) or a walked node that is not an address.
 */
export function resolveClient(
  input: ClientInput,
  trust: TrustCheck | null,
  mode: ForwardedHeaderMode,
): { client: ResolvedClient; secure: boolean } {
  if (trust === null) return { client: null, secure: input.encrypted };
  if (
    mode === 'forwarded'
      ? !isPresent(input.forwarded)
      : input.xForwardedFor === null && input.xForwardedProto === null
  ) {
    // Nothing a proxy could have written: whoever the peer is, it is the client.
    return { client: null, secure: input.encrypted };
  }
  const peerAddress = input.peer === null ? undefined : input.peer.remoteAddress;
  if (mode === 'x-forwarded-for' && trust.ipv4 !== undefined && typeof peerAddress === 'string') {
    // The usual proxy peer, an IPv4 address (or Node's ::ffff: form of one): decided without a parse.
    const mapped = peerAddress.charCodeAt(0) === 58 /* : */ && isMappedPrefix(peerAddress);
    const value = dottedQuadValue(peerAddress, mapped ? MAPPED_PREFIX_LENGTH : 0, peerAddress.length);
    if (value !== -1 && trust.ipv4(value)) return fromXForwardedFor(input, peerAddress, trust);
  }
  const socket = normalizeSocketAddress(peerAddress);
  if (socket.address === null) {
    return { client: socketClientOf(socket, portOf(input.peer)), secure: input.encrypted };
  }
  const peer = parseAddress(socket.address);
  if (peer === null || !trust(peer, 0)) {
    return { client: socketClientOf(socket, portOf(input.peer)), secure: input.encrypted };
  }
  return mode === 'forwarded'
    ? fromForwarded(input, socket, trust)
    : fromXForwardedFor(input, peerAddress, trust);
}

/**
 * What {@link resolveClient} decided about the client: the client itself; a number `n` > 0, when the
 * client is the leftmost of the last `n` X-Forwarded-For entries, all checked during the build and read
 * by {@link forwardedClient} on first use; or `null` for the socket peer, read by {@link peerClient}.
 */
export type ResolvedClient = ClientInfo | number | null;

const MAPPED_PREFIX_LENGTH = 7;

/** Whether `address` starts with `::ffff:` in any case. */
function isMappedPrefix(address: string): boolean {
  return (
    address.length > MAPPED_PREFIX_LENGTH &&
    address.charCodeAt(1) === 58 &&
    (address.charCodeAt(2) | 32) === 102 &&
    (address.charCodeAt(3) | 32) === 102 &&
    (address.charCodeAt(4) | 32) === 102 &&
    (address.charCodeAt(5) | 32) === 102 &&
    address.charCodeAt(6) === 58
  );
}

/**
 * The client that the X-Forwarded-For walk of the build found, `hops` entries from the right: the same
 * frozen object the walk would have made (it parses those entries again; nothing is asked of `trust`).
 *
 * @param value - the X-Forwarded-For value (lines joined with `, `).
 * @param hops - how many entries the walk read, from {@link resolveClient}.
 */
export function forwardedClient(value: string, hops: number): ClientInfo {
  const walked = new Array<string>(hops);
  let node: ForwardedNode = UNKNOWN_NODE;
  let end = value.length;
  for (let hop = 0; hop < hops; hop++) {
    node = parseForwardedNode(entryBefore(value, end), false);
    end = entryStart;
    // Nearest first, as walk() lists them: the socket peer's neighbour first, the client last.
    walked[hop] = node.address === null ? node.raw : node.address.text;
  }
  return clientFromNode(node, walked);
}

/**
 * The socket peer as the client, read now (`remoteAddress` and `remotePort`).
 *
 * @param peer - the socket, or `null` when there is none (then every field is `null`).
 */
export function peerClient(peer: PeerSocket | null): ClientInfo {
  const socket = normalizeSocketAddress(peer === null ? undefined : peer.remoteAddress);
  return socketClientOf(socket, portOf(peer));
}

function portOf(peer: PeerSocket | null): number | null {
  const port = peer === null ? undefined : peer.remotePort;
  return typeof port === 'number' ? port : null;
}

type SocketAddress = { address: string | null; family: 'IPv4' | 'IPv6' | null };

// X-Forwarded-For and X-Forwarded-Proto only; Forwarded is never looked at. `peerAddress` is the
// trusted peer's address as the socket gave it.
function fromXForwardedFor(
  input: ClientInput,
  peerAddress: string | null | undefined,
  trust: TrustCheck,
): { client: ResolvedClient; secure: boolean } {
  const value = input.xForwardedFor;
  let client: ResolvedClient = null;
  // The client's X-Forwarded-For entry counted from the right: 0 is the one the socket peer wrote.
  let position = 0;
  if (isPresent(value)) {
    const hops = walkXForwardedFor(value, trust);
    client = hops;
    position = hops - 1;
  }
  let secure = input.encrypted;
  const proto = input.xForwardedProto;
  if (!secure && proto !== null) {
    secure = isSecureEntry(proto, xForwardedProtoIndex(countEntries(proto), position));
  }
  if (client === null) {
    client = socketClientOf(normalizeSocketAddress(peerAddress), portOf(input.peer));
  }
  return { client, secure };
}

// The walk of walk() over X-Forwarded-For, with the same checks, trust questions and errors, that
// keeps nothing: it returns how many entries it read from the right, for forwardedClient(). With a
// trustProxy list, a dotted-quad entry is decided from its 32-bit value, read in place.
function walkXForwardedFor(value: string, trust: TrustCheck): number {
  const ipv4 = trust.ipv4;
  let end = value.length;
  let hops = 0;
  for (let index = countEntries(value) - 1, hop = 1; index >= 0; index--, hop++) {
    entryBounds(value, end);
    const first = entryFirst;
    const last = entryLast;
    end = entryStart;
    hops++;
    const quad = ipv4 === undefined ? -1 : dottedQuadValue(value, first, last);
    if (quad !== -1) {
      if (!(ipv4 as (value: number) => boolean)(quad)) break;
      continue;
    }
    const node = parseForwardedNode(
      first === 0 && last === value.length ? value : value.slice(first, last),
      false,
    );
    if (node.kind === 'invalid') throw invalidEntry('X-Forwarded-For', node.raw, hop);
    if (node.address === null || !trust(node.address, hop)) break;
  }
  return hops;
}

function invalidEntry(header: string, raw: string, hop: number): ConnectionContextError {
  return new ConnectionContextError(
    'INVALID_FORWARDED',
    `${header} entry ${preview(raw)} at hop ${hop} is not an IP address, "unknown" or an obfuscated identifier; a trusted proxy passed it on, so the client cannot be identified`,
  );
}

/**
 * The X-Forwarded-Proto entry (0-based, left to right) that describes the client's connection.
 *
 * Each trusted proxy either sets X-Forwarded-Proto (one value: its own) or appends its value to
 * it, as it appends its peer to X-Forwarded-For. The proxy that received the client's connection
 * wrote the entry at the client's position counted from the right (`position` 0 is the socket
 * peer's entry); when the list is shorter (a proxy set the header and dropped what came before),
 * its leftmost entry is the value nearest the client that a trusted proxy wrote. Either way the
 * entry was written by a trusted proxy, never by the client: a value the client sent can only sit
 * further left.
 *
 * @param count - the number of X-Forwarded-Proto entries.
 * @param position - the client's X-Forwarded-For entry counted from the right.
 */
export function xForwardedProtoIndex(count: number, position: number): number {
  return count > position ? count - 1 - position : 0;
}

// Forwarded only; X-Forwarded-For, -Proto and -Port are never looked at.
function fromForwarded(
  input: ClientInput,
  socket: SocketAddress,
  trust: TrustCheck,
): { client: ClientInfo; secure: boolean } {
  const value = input.forwarded;
  if (!isPresent(value)) {
    return { client: socketClientOf(socket, portOf(input.peer)), secure: input.encrypted };
  }
  const elements = parseForwardedHeader(value);
  const walked = walk(elements, trust, 'Forwarded');
  if (walked.client === null) {
    return { client: socketClientOf(socket, portOf(input.peer)), secure: input.encrypted };
  }
  // proto= of the element naming the client: written by the trusted proxy the client connected to.
  const proto = elements[walked.clientIndex]?.proto;
  return { client: walked.client, secure: input.encrypted || isSecureProto(proto) };
}

function socketClientOf(socket: SocketAddress, port: number | null): ClientInfo {
  return Object.freeze({
    address: socket.address,
    port: socket.address === null ? null : port,
    family: socket.family,
    forwardedFor: NO_HOPS,
    viaProxy: false,
  });
}
