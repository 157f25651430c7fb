import { bearerSubprotocol, isValidSubprotocol } from '@ws-compat/header-options';
import { invalidOption } from './validate.js';

/** Options of {@link selectSubprotocol}. */
export interface SelectSubprotocolOptions {
  /** The bearer-subprotocol prefix; default `bearerSubprotocol.prefix`. */
  readonly subprotocolPrefix?: string;
}

/**
 * Splits a `Sec-WebSocket-Protocol` value into its offers: trimmed, empty entries dropped, and
 * split into the ones that carry a token and the others.
 *
 * @param value - the header value (several lines joined with `, `), or `null`.
 * @param prefix - the bearer-subprotocol prefix.
 */
export function splitOfferedProtocols(
  value: string | null,
  prefix: string,
): { offered: string[]; tokens: string[] } {
  const offered: string[] = [];
  const tokens: string[] = [];
  if (value === null) return { offered, tokens };
  const length = value.length;
  for (let start = 0; start <= length; ) {
    const end = offerEnd(value, start);
    const first = offerFirst(value, start, end);
    const last = offerLast(value, first, end);
    start = end + 1;
    if (last > first) {
      const protocol = first === 0 && last === length ? value : value.slice(first, last);
      if (bearerSubprotocol.is(protocol, prefix)) tokens.push(protocol);
      else offered.push(protocol);
    }
  }
  return { offered, tokens };
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Where the offer that begins at `start` in a `Sec-WebSocket-Protocol` value ends: its comma, or the
 * value's length. With {@link offerFirst} and {@link offerLast}, offers are walked without a copy.
 *
 * @param value - the header value.
 * @param start - the index the offer begins at (0, or one after a comma).
 */
export function offerEnd(value: string, start: number): number {
  const end = value.indexOf(',', start);
  return end === -1 ? value.length : end;
}

/**
 * The index of the first character of the offer `[start, end)`, spaces and tabs skipped.
 *
 * @param value - the header value.
 * @param start - the index the offer begins at.
 * @param end - where it ends, from {@link offerEnd}.
 */
export function offerFirst(value: string, start: number, end: number): number {
  let first = start;
  while (first < end && isSpaceOrTab(value.charCodeAt(first))) first++;
  return first;
}

/**
 * The index after the last character of the offer `[first, end)`, spaces and tabs dropped; equal to
 * `first` for an empty offer.
 *
 * @param value - the header value.
 * @param first - the offer's first character, from {@link offerFirst}.
 * @param end - where it ends, from {@link offerEnd}.
 */
export function offerLast(value: string, first: number, end: number): number {
  let last = end;
  while (last > first && isSpaceOrTab(value.charCodeAt(last - 1))) last--;
  return last;
}

/**
 * The subprotocol to answer with, picked in the client's order of preference.
 *
 * @param offered - what the client offered (ws 2-7 pass an Array, ws 8 a Set); entries are trimmed.
 * @param supported - what the server speaks, or `undefined` to take the first acceptable offer.
 * @param prefix - the bearer-subprotocol prefix, never picked.
 * @returns the first offer that is a valid RFC 6455 token, not a token subprotocol and (when
 *   `supported` is given) supported, or `false`.
 */
export function pickSubprotocol(
  offered: Iterable<string>,
  supported: readonly string[] | undefined,
  prefix: string,
): string | false {
  for (const raw of offered) {
    if (typeof raw !== 'string') continue;
    const protocol = raw.trim();
    if (!isValidSubprotocol(protocol) || bearerSubprotocol.is(protocol, prefix)) continue;
    if (supported === undefined || supported.includes(protocol)) return protocol;
  }
  return false;
}

/**
 * Picks the subprotocol a server answers with: the first one the client offered that `supported`
 * lists. A bearer-token subprotocol is never picked (echoing it would send the token back in a
 * response header and expose it as `ws.protocol`), nor is an offer that is not an RFC 6455 token.
 *
 * @param offered - the client's offers, in its order of preference (an Array or a Set).
 * @param supported - the subprotocols the server speaks.
 * @param options - `subprotocolPrefix` when the token subprotocol uses another prefix.
 * @returns the subprotocol, or `false` when none matches: answer without a subprotocol and let the
 *   client decide (RFC 6455 section 4.2.2).
 * @throws {ConnectionContextError} `INVALID_OPTION` when `supported` is not an array or
 *   `subprotocolPrefix` is not a non-empty token.
 */
export function selectSubprotocol(
  offered: Iterable<string>,
  supported: readonly string[],
  options: SelectSubprotocolOptions = {},
): string | false {
  if (!Array.isArray(supported)) {
    throw invalidOption('supported', supported, 'an array of the subprotocol names the server speaks');
  }
  const prefix = options?.subprotocolPrefix;
  if (prefix === undefined) return pickSubprotocol(offered, supported, bearerSubprotocol.prefix);
  if (typeof prefix !== 'string' || prefix.length === 0 || !isValidSubprotocol(prefix)) {
    throw invalidOption(
      'subprotocolPrefix',
      prefix,
      'a non-empty string of subprotocol token characters (RFC 7230 tchar)',
    );
  }
  return pickSubprotocol(offered, supported, prefix);
}
