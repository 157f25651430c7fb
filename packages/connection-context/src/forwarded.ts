import { type ParsedAddress, parseAddress } from './address.js';
import { ConnectionContextError } from './errors.js';
import { isTokenChar } from './tchar.js';

/** One node of a forwarding chain: an X-Forwarded-For entry or a `Forwarded` `for=` value. */
export interface ForwardedNode {
  /** `address` for an IP, `unknown` and `obfuscated` for the RFC 7239 identifiers, `invalid` otherwise. */
  readonly kind: 'address' | 'unknown' | 'obfuscated' | 'invalid';
  readonly address: ParsedAddress | null;
  readonly port: number | null;
  /** The node as written, for messages and for `forwardedFor` when it is not an address. */
  readonly raw: string;
}

/** One `Forwarded` element: its `for=` node (`null` when absent) and its `proto=` value. */
export interface ForwardedElement {
  readonly node: ForwardedNode | null;
  readonly proto: string | null;
}

function parsePort(text: string): number | null | undefined {
  // undefined: malformed; null: obfuscated (RFC 7239 obfport); number: a real port.
  if (text.length === 0) return undefined;
  if (text.charCodeAt(0) === 95 /* _ */) return isObfuscatedText(text) ? null : undefined;
  if (text.length > 5) return undefined;
  let port = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return undefined;
    port = port * 10 + (code - 48);
  }
  return port <= 65535 ? port : undefined;
}

// obfnode / obfport = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )
function isObfuscatedText(text: string): boolean {
  if (text.length < 2) return false;
  for (let index = 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const ok =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 46 ||
      code === 95 ||
      code === 45;
    if (!ok) return false;
  }
  return true;
}

function node(kind: ForwardedNode['kind'], raw: string, address: ParsedAddress | null, port: number | null) {
  return { kind, address, port, raw };
}

/**
 * Parses one node of a forwarding chain.
 *
 * @param raw - the entry, already trimmed and unquoted.
 * @param rfc7239 - `true` for a `Forwarded` `for=` value (IPv6 must be bracketed, obfuscated
 *   identifiers allowed); `false` for an X-Forwarded-For entry (bare IPv6 allowed, as proxies write it).
 * @returns the node; its `kind` is `invalid` when it is none of the accepted forms.
 */
export function parseForwardedNode(raw: string, rfc7239: boolean): ForwardedNode {
  const length = raw.length;
  if (length === 7 && raw.toLowerCase() === 'unknown') return node('unknown', raw, null, null);
  const first = raw.charCodeAt(0);
  if (first === 95 /* _ */) {
    if (!rfc7239) return node('invalid', raw, null, null);
    const colon = raw.indexOf(':');
    const name = colon === -1 ? raw : raw.slice(0, colon);
    const port = colon === -1 ? null : parsePort(raw.slice(colon + 1));
    return isObfuscatedText(name) && port !== undefined
      ? node('obfuscated', raw, null, null)
      : node('invalid', raw, null, null);
  }
  let host = raw;
  let port: number | null | undefined = null;
  if (first === 91 /* [ */) {
    const close = raw.indexOf(']');
    if (close === -1) return node('invalid', raw, null, null);
    host = raw.slice(1, close);
    if (close + 1 < length) {
      if (raw.charCodeAt(close + 1) !== 58 /* : */) return node('invalid', raw, null, null);
      port = parsePort(raw.slice(close + 2));
    }
    if (host.indexOf(':') === -1) return node('invalid', raw, null, null);
  } else {
    const colon = raw.indexOf(':');
    if (colon !== -1) {
      if (raw.indexOf(':', colon + 1) === -1) {
        host = raw.slice(0, colon);
        port = parsePort(raw.slice(colon + 1));
      } else if (rfc7239) {
        // RFC 7239 section 6: an IPv6 node must be bracketed (and therefore quoted).
        return node('invalid', raw, null, null);
      }
    }
  }
  if (port === undefined) return node('invalid', raw, null, null);
  const address = parseAddress(host);
  return address === null ? node('invalid', raw, null, null) : node('address', raw, address, port);
}

function malformed(value: string, index: number, expected: string): ConnectionContextError {
  const found = index < value.length ? JSON.stringify(value[index]) : 'the end';
  return new ConnectionContextError(
    'INVALID_FORWARDED',
    `Malformed Forwarded header: expected ${expected} at index ${index}, found ${found}; RFC 7239 elements look like for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"`,
  );
}

/**
 * Parses an RFC 7239 `Forwarded` header value in one pass.
 *
 * @param value - the header value (several header lines joined with `, `).
 * @returns the elements in header order (left is farthest from us).
 * @throws {ConnectionContextError} `INVALID_FORWARDED` for a syntax error or a parameter repeated in
 *   one element.
 */
export function parseForwardedHeader(value: string): ForwardedElement[] {
  const elements: ForwardedElement[] = [];
  let forValue: string | undefined;
  let protoValue: string | undefined;
  let seen: string[] = [];
  let index = 0;
  const length = value.length;
  const finish = () => {
    if (seen.length > 0) {
      elements.push({
        node: forValue === undefined ? null : parseForwardedNode(forValue, true),
        proto: protoValue ?? null,
      });
    }
    forValue = undefined;
    protoValue = undefined;
    seen = [];
  };
  while (true) {
    while (index < length && (value.charCodeAt(index) === 32 || value.charCodeAt(index) === 9)) index++;
    if (index >= length) break;
    const code = value.charCodeAt(index);
    if (code === 44 /* , */) {
      finish();
      index++;
      continue;
    }
    if (code === 59 /* ; */) {
      index++;
      continue;
    }
    const nameStart = index;
    while (index < length && isTokenChar(value.charCodeAt(index))) index++;
    if (index === nameStart) throw malformed(value, index, 'a parameter name');
    const name = value.slice(nameStart, index).toLowerCase();
    if (value.charCodeAt(index) !== 61 /* = */) throw malformed(value, index, '"="');
    index++;
    let parameter: string;
    if (value.charCodeAt(index) === 34 /* " */) {
      index++;
      let text = '';
      let chunkStart = index;
      while (true) {
        if (index >= length) throw malformed(value, index, 'a closing quote');
        const inner = value.charCodeAt(index);
        if (inner === 34) break;
        if (inner === 92 /* \ */) {
          text += value.slice(chunkStart, index);
          index++;
          if (index >= length) throw malformed(value, index, 'an escaped character');
          chunkStart = index;
        }
        index++;
      }
      parameter = text + value.slice(chunkStart, index);
      index++;
    } else {
      const valueStart = index;
      while (index < length && isTokenChar(value.charCodeAt(index))) index++;
      if (index === valueStart) throw malformed(value, index, 'a token or a quoted string');
      parameter = value.slice(valueStart, index);
    }
    if (seen.includes(name)) {
      throw new ConnectionContextError(
        'INVALID_FORWARDED',
        `Malformed Forwarded header: the parameter "${name}" appears twice in one element; RFC 7239 allows each once per element`,
      );
    }
    seen.push(name);
    if (name === 'for') forValue = parameter;
    else if (name === 'proto') protoValue = parameter;
    while (index < length && (value.charCodeAt(index) === 32 || value.charCodeAt(index) === 9)) index++;
    if (index < length) {
      const next = value.charCodeAt(index);
      if (next !== 44 && next !== 59) throw malformed(value, index, '";" or ","');
    }
  }
  finish();
  return elements;
}
