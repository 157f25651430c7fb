import { HeaderOptionsError } from './errors.js';
import { describeCharacter, findInvalidTokenCharacter, findInvalidValueCharacter } from './validate.js';

/** One header value: a string, a number (sent as its decimal form) or several values. */
export type HeaderValue = string | number | readonly string[];

/**
 * Headers as users already hold them: a record (`undefined` values are skipped), a `Headers`,
 * a `Map`, or `[name, value]` pairs.
 */
export type HeaderInit =
  | { readonly [name: string]: HeaderValue | undefined }
  | Headers
  | ReadonlyMap<string, HeaderValue | undefined>
  | Iterable<readonly [string, HeaderValue | undefined]>;

/** Headers that a WebSocket client must set itself, and the option to use instead. */
const RESERVED_HEADERS: ReadonlyMap<string, string> = new Map([
  ['sec-websocket-protocol', 'pass subprotocols with the "protocols" option'],
  ['sec-websocket-key', 'the client generates it for every handshake'],
  ['sec-websocket-version', 'the client always sends 13'],
  ['sec-websocket-accept', 'it is a response header'],
  [
    'sec-websocket-extensions',
    'the client negotiates extensions; configure them through "native" (ws: perMessageDeflate)',
  ],
  ['upgrade', 'the client sends "Upgrade: websocket"'],
  ['connection', 'the client sends "Connection: Upgrade"'],
  ['host', 'put the host in the URL'],
  ['content-length', 'a handshake has no body'],
  ['transfer-encoding', 'a handshake has no body'],
  ['keep-alive', 'the connection becomes the WebSocket'],
  ['expect', 'a handshake has no body'],
  ['te', 'a handshake has no body'],
  ['trailer', 'a handshake has no body'],
  ['proxy-connection', 'the client manages the connection'],
]);

const SPACE = 0x20;
const TAB = 0x09;

/**
 * Validates headers and returns them as `[name, value]` pairs in the order given, with the
 * caller's spelling of each name. Values are trimmed of leading and trailing spaces and tabs
 * (HTTP field semantics: undici trims, ws does not, so the shim trims everywhere); array values
 * are joined with `, ` (`Cookie` with `; `).
 *
 * @param init - a record, `Headers`, `Map` or `[name, value]` pairs.
 * @returns the validated pairs; every name appears once (case-insensitive).
 * @throws {HeaderOptionsError} `INVALID_HEADER_NAME`, `INVALID_HEADER_VALUE`, `RESERVED_HEADER`
 *   or `DUPLICATE_HEADER`; the message names the header and the fix.
 */
export function normalizeHeaders(init: HeaderInit): [name: string, value: string][] {
  return collectHeaders(init, []);
}

/**
 * {@link normalizeHeaders}, also filling `keys` with each pair's lowercase name (same index), so the
 * planner can look for `Origin` and `Authorization` without lowercasing every name again.
 *
 * @param init - a record, `Headers`, `Map` or `[name, value]` pairs.
 * @param keys - an empty array, filled in place.
 * @throws {HeaderOptionsError} as {@link normalizeHeaders}.
 */
export function collectHeaders(init: HeaderInit, keys: string[]): [string, string][] {
  if (init === null || typeof init !== 'object') {
    throw new HeaderOptionsError(
      'INVALID_HEADER_VALUE',
      `Headers must be a record, Headers, Map or [name, value] pairs, got ${init === null ? 'null' : typeof init}`,
    );
  }
  const result: [string, string][] = [];
  if (Symbol.iterator in init) {
    for (const [name, value] of checkedPairs(init as Iterable<unknown>)) addHeader(result, keys, name, value);
  } else {
    // A record: its own enumerable string keys, each value read once (as Object.entries reads them),
    // without a [name, value] array per entry.
    const record = init as Readonly<Record<string, unknown>>;
    const names = Object.keys(record);
    for (let index = 0; index < names.length; index++) {
      const name = names[index] as string;
      addHeader(result, keys, name, record[name]);
    }
  }
  return result;
}

function addHeader(result: [string, string][], keys: string[], name: unknown, value: unknown): void {
  if (value === undefined) return;
  const key = checkName(name);
  const text = headerText(name as string, key, value);
  if (text === null) return;
  // A handshake has a handful of headers: a linear search beats a Map built per call.
  const at = keys.indexOf(key);
  if (at !== -1) {
    const previous = (result[at] as [string, string])[0];
    throw new HeaderOptionsError(
      'DUPLICATE_HEADER',
      previous === name
        ? `Header ${JSON.stringify(name)} is given twice; give it once, with an array value for several values`
        : `Header ${JSON.stringify(key)} is given twice, as ${JSON.stringify(previous)} and ${JSON.stringify(name)} (names are case-insensitive); give it once, with an array value for several values`,
    );
  }
  keys.push(key);
  result.push([name as string, text]);
}

function* checkedPairs(pairs: Iterable<unknown>): Iterable<readonly [unknown, unknown]> {
  let index = 0;
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new HeaderOptionsError(
        'INVALID_HEADER_NAME',
        `Header pair at index ${index} is not a [name, value] pair; pass [['X-Name', 'value'], ...]`,
      );
    }
    yield pair as [unknown, unknown];
    index++;
  }
}

// Header names that passed the checks, with their lowercase form: a client sends the same few names
// on every connection. Keyed on the string itself (immutable), bounded, never holding a failure.
const checkedNames = new Map<string, string>();
const CHECKED_NAMES_SIZE = 256;

/** Checks a header name; returns its lowercase form. */
function checkName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new HeaderOptionsError(
      'INVALID_HEADER_NAME',
      `Header name ${String(name)} is a ${typeof name}; header names are strings`,
    );
  }
  const known = checkedNames.get(name);
  if (known !== undefined) return known;
  const invalid = findInvalidTokenCharacter(name);
  if (invalid !== -1) {
    throw new HeaderOptionsError(
      'INVALID_HEADER_NAME',
      name.length === 0
        ? 'Header name "" is empty; a header name is an RFC 7230 token such as "X-Custom"'
        : `Header name ${JSON.stringify(name)} has the invalid character ${describeCharacter(name, invalid)} at index ${invalid}; a header name is an RFC 7230 token (letters, digits and !#$%&'*+-.^_\`|~)`,
    );
  }
  const key = name.toLowerCase();
  const instead = RESERVED_HEADERS.get(key);
  if (instead !== undefined) {
    throw new HeaderOptionsError('RESERVED_HEADER', `Header ${JSON.stringify(name)} is reserved: ${instead}`);
  }
  if (checkedNames.size >= CHECKED_NAMES_SIZE) checkedNames.clear();
  checkedNames.set(name, key);
  return key;
}

/** The value as sent (checked, trimmed), or `null` for an empty array (no header). */
function headerText(name: string, key: string, value: unknown): string | null {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    text = String(value);
  } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    if (value.length === 0) return null;
    text = value.join(key === 'cookie' ? '; ' : ', ');
  } else {
    throw new HeaderOptionsError(
      'INVALID_HEADER_VALUE',
      `Header ${JSON.stringify(name)} has a value of type ${describeValueType(value)}; use a string, a finite number or an array of strings`,
    );
  }
  const bad = findInvalidValueCharacter(text);
  if (bad !== -1) {
    throw new HeaderOptionsError(
      'INVALID_HEADER_VALUE',
      `Header ${JSON.stringify(name)} has the invalid character ${describeCharacter(text, bad)} at index ${bad} of its value; header values cannot contain CR, LF, NUL, other control characters or characters above U+00FF (encode the value, e.g. with encodeURIComponent)`,
    );
  }
  return trimWhitespace(text);
}

function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array with a non-string item';
  if (typeof value === 'number') return `number (${value})`;
  return typeof value;
}

function trimWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isWhitespace(code: number): boolean {
  return code === SPACE || code === TAB;
}
