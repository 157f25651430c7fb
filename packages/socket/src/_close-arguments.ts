// WHATWG close(code, reason) validation, done before the implementation is touched: ws 2 to 8.21
// throw only after entering CLOSING (a stuck socket), ws 2-6 send reasons over 123 bytes, and ws
// accepts codes 1001-1014 that the standard forbids for scripts.
import { utf8Length } from './_utf8.js';

/** Validated arguments for the implementation's close(): `code` undefined means an empty close frame. */
export interface CloseArguments {
  readonly code: number | undefined;
  readonly reason: string;
}

/** WebIDL `[Clamp] unsigned short`: NaN is 0, clamped to 0-65535, halves round to even. */
function clampUnsignedShort(value: unknown): number {
  const number = Number(value);
  if (Number.isNaN(number)) return 0;
  if (number <= 0) return 0;
  if (number >= 65535) return 65535;
  const floor = Math.floor(number);
  const fraction = number - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Validates `close(code, reason)` the way the WHATWG standard does.
 *
 * @param code  `undefined` when absent; anything else is converted like WebIDL `[Clamp] unsigned short`
 * @param reason  `undefined` when absent; anything else is `String()`-ed
 * @returns the code to send (1000 when only a reason was given) and the reason
 * @throws {DOMException} `InvalidAccessError` for a code other than 1000 or 3000-4999;
 *   `SyntaxError` for a reason over 123 UTF-8 bytes
 */
export function closeArguments(code: unknown, reason: unknown): CloseArguments {
  let validCode: number | undefined;
  if (code !== undefined) {
    validCode = clampUnsignedShort(code);
    if (validCode !== 1000 && (validCode < 3000 || validCode > 4999)) {
      throw new DOMException(
        `close(${String(code)}): the close code must be 1000 or between 3000 and 4999, and ${validCode} is neither; use 1000 for a normal closure or pick an application code in 3000-4999.`,
        'InvalidAccessError',
      );
    }
  }
  const text = reason === undefined ? '' : String(reason);
  const bytes = utf8Length(text);
  if (bytes > 123) {
    throw new DOMException(
      `close(): the close reason must not be longer than 123 UTF-8 bytes, and this one is ${bytes}; shorten it.`,
      'SyntaxError',
    );
  }
  if (validCode === undefined && text !== '') validCode = 1000;
  return { code: validCode, reason: text };
}
