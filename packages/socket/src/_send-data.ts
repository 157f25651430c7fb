// WHATWG send() argument rules: strings are text, ArrayBuffer / ArrayBufferView / Blob are binary,
// anything else is String()-ed to text. ws would send null/undefined as empty binary frames and
// arrays as bytes, and throw on objects and booleans; undici 5 truncates Uint16Array elements and
// sends DataViews empty.
import { utf8Length } from './_utf8.js';

/** What the facade hands to the implementation (Blobs are read first). */
export type Sendable = string | ArrayBuffer | Uint8Array | Blob;

/** Converts a send() argument to what goes on the wire, without copying bytes. */
export function toSendable(data: unknown): Sendable {
  if (typeof data === 'string') return data;
  if (typeof data === 'object' && data !== null) {
    if (data instanceof ArrayBuffer) return data;
    if (ArrayBuffer.isView(data)) {
      // every view as a Uint8Array over exactly its bytes (Buffer is one already)
      return data instanceof Uint8Array
        ? data
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    if (typeof Blob === 'function' && data instanceof Blob) return data;
  }
  return String(data);
}

/** Bytes a sendable puts on the wire (payload only), as `bufferedAmount` counts them. */
export function byteLengthOf(data: Sendable): number {
  if (typeof data === 'string') return utf8Length(data);
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}
