// Content digests for the connection protocol: the same on every side (Node children, browser pages,
// the runner), so a message is compared by size and digest instead of shipping 1 MiB through JSON.
import type { ObservedEvent } from './protocol.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit of the bytes, as 8 lower-case hex digits. Not cryptographic: it only has to tell a
 * corrupted, truncated or reordered payload from the sent one.
 */
export function contentDigest(bytes: Uint8Array): string {
  let hash = FNV_OFFSET;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index]!;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The first `count` bytes as hex (a readable prefix in reports). */
export function hexHead(bytes: Uint8Array, count = 16): string {
  let text = '';
  for (let index = 0; index < bytes.length && index < count; index++) {
    text += bytes[index]!.toString(16).padStart(2, '0');
  }
  return text;
}

/**
 * The record of one received message: text (a string), binary (bytes, reported as the 'arraybuffer' the
 * wrapped servers use), or null for data that is neither (kind 'other', no content).
 *
 * @param at - ms since the connection's start.
 * @param readyState - the socket's readyState when the message came.
 */
export function messageRecord(
  data: string | Uint8Array | null,
  at: number,
  readyState: number,
): Extract<ObservedEvent, { type: 'message' }> {
  if (data === null) return { type: 'message', at, kind: 'other', size: 0, digest: '', head: '', readyState };
  const text = typeof data === 'string';
  const bytes = text ? new TextEncoder().encode(data) : data;
  return {
    type: 'message',
    at,
    kind: text ? 'text' : 'arraybuffer',
    size: bytes.length,
    digest: contentDigest(bytes),
    head: text ? data.slice(0, 32) : hexHead(bytes),
    readyState,
  };
}
