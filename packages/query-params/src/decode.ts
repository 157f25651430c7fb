/**
 * Percent-decoding of one name or value. `WHATWG`: as the application/x-www-form-urlencoded parser does it:
 * `+` is a space, `%XX` is a byte, the bytes are UTF-8 decoded with U+FFFD for every maximal invalid
 * subsequence, a raw lone surrogate is U+FFFD (it cannot be UTF-8 encoded). `KEEP_INVALID`: what
 * `decodeURIComponent` accepts (raw lone surrogates pass through), `null` for what it rejects. `STRICT`: also
 * `null` for a raw lone surrogate. Never throws: a `null` result records why in {@link decodeFailure}.
 */
import { type KEEP_INVALID, STRICT, WHATWG } from './options.js';

/** A `%` not followed by two hex digits. */
export const BAD_ESCAPE = 1;
/** Escaped bytes that are not UTF-8 (overlong, surrogate, truncated, stray continuation). */
export const INVALID_UTF8 = 2;
/** A raw UTF-16 surrogate without its partner. */
export const LONE_SURROGATE = 3;
/** Why fail-fast decoding stopped. */
export type DecodeFailureKind = typeof BAD_ESCAPE | typeof INVALID_UTF8 | typeof LONE_SURROGATE;

/**
 * Where the last fail-fast {@link decodeComponent} call failed: `start`/`end` are indexes into the string it
 * was given. Written only on failure; read it right after a `null` result.
 */
export const decodeFailure: { kind: DecodeFailureKind; start: number; end: number } = {
  kind: BAD_ESCAPE,
  start: 0,
  end: 0,
};

const REPLACEMENT = '\ufffd';

// Hex digit values by character code, -1 for anything else.
const HEX_VALUES = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

function hexValue(c: number): number {
  return c < 128 ? HEX_VALUES[c]! : -1;
}

function fail(kind: DecodeFailureKind, start: number, end: number): null {
  decodeFailure.kind = kind;
  decodeFailure.start = start;
  decodeFailure.end = end;
  return null;
}

function fromCodePoint(cp: number): string {
  return cp < 0x10000
    ? String.fromCharCode(cp)
    : String.fromCharCode(0xd7c0 + (cp >> 10), 0xdc00 | (cp & 0x3ff));
}

/** How {@link decodeComponent} treats malformed input. */
export type DecodeMode = typeof WHATWG | typeof KEEP_INVALID | typeof STRICT;

/**
 * Decodes `s.slice(start, end)` as one form-urlencoded name or value.
 *
 * @param s - the whole query (the slice is never materialized unless it is the result)
 * @param start - first index of the component
 * @param end - index after the component
 * @param mode - `WHATWG` substitutes U+FFFD (or keeps a lone `%`) and never returns `null`; `KEEP_INVALID`
 *   returns `null` at the first malformed escape or invalid UTF-8; `STRICT` also at a lone surrogate
 * @returns the decoded text, or `null` (see {@link decodeFailure})
 */
export function decodeComponent(s: string, start: number, end: number, mode: DecodeMode): string | null {
  const failFast = mode !== WHATWG;
  let out = '';
  let run = start; // start of the literal text not yet copied to `out`
  let needed = 0; // UTF-8 continuation bytes still expected
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let sequenceStart = start;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < end) {
      const high = hexValue(s.charCodeAt(i + 1));
      const low = hexValue(s.charCodeAt(i + 2));
      if ((high | low) >= 0) {
        const byte = (high << 4) | low;
        if (run < i) out += s.slice(run, i);
        if (needed !== 0) {
          if (byte >= lower && byte <= upper) {
            cp = (cp << 6) | (byte & 0x3f);
            lower = 0x80;
            upper = 0xbf;
            if (++seen === needed) {
              out += fromCodePoint(cp);
              needed = 0;
            }
            i += 3;
            run = i;
            continue;
          }
          // The sequence broke off: one U+FFFD for it, then this byte starts afresh.
          if (failFast) return fail(INVALID_UTF8, sequenceStart, i + 3);
          needed = 0;
          lower = 0x80;
          upper = 0xbf;
          if (byte < 0x80) {
            // Both characters in one string operation (the usual way a sequence breaks, e.g. %C3%28).
            out += String.fromCharCode(0xfffd, byte);
            i += 3;
            run = i;
            continue;
          }
          out += REPLACEMENT;
        }
        if (byte < 0x80) {
          out += String.fromCharCode(byte);
        } else if (byte >= 0xc2 && byte <= 0xf4) {
          sequenceStart = i;
          seen = 0;
          if (byte <= 0xdf) {
            needed = 1;
            cp = byte & 0x1f;
          } else if (byte <= 0xef) {
            needed = 2;
            cp = byte & 0x0f;
            if (byte === 0xe0) lower = 0xa0;
            else if (byte === 0xed) upper = 0x9f;
          } else {
            needed = 3;
            cp = byte & 0x07;
            if (byte === 0xf0) lower = 0x90;
            else if (byte === 0xf4) upper = 0x8f;
          }
        } else {
          if (failFast) return fail(INVALID_UTF8, i, i + 3);
          out += REPLACEMENT;
        }
        i += 3;
        run = i;
        continue;
      }
    }
    // A literal character: it ends any unfinished UTF-8 sequence (here `run === i`).
    if (needed !== 0) {
      if (failFast) return fail(INVALID_UTF8, sequenceStart, i);
      out += REPLACEMENT;
      needed = 0;
      lower = 0x80;
      upper = 0xbf;
    }
    if (c === 43) {
      out += s.slice(run, i) + ' ';
      run = i + 1;
    } else if (c === 37) {
      if (failFast) return fail(BAD_ESCAPE, i, Math.min(i + 3, end));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < end) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i += 2;
          continue;
        }
      }
      if (mode === STRICT) return fail(LONE_SURROGATE, i, i + 1);
      if (mode === WHATWG) {
        out += s.slice(run, i) + REPLACEMENT;
        run = i + 1;
      }
    }
    i++;
  }
  if (needed !== 0) {
    if (failFast) return fail(INVALID_UTF8, sequenceStart, end);
    return out + REPLACEMENT;
  }
  return run === end ? out : out + s.slice(run, end);
}

/**
 * `s.slice(start, end)` with every `+` turned into a space and nothing else changed: what `keep-invalid`
 * returns for a component that does not decode.
 */
export function plusToSpace(s: string, start: number, end: number): string {
  let out = '';
  let run = start;
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) === 43) {
      out += s.slice(run, i) + ' ';
      run = i + 1;
    }
  }
  return out + s.slice(run, end);
}
