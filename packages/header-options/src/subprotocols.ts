import { HeaderOptionsError } from './errors.js';
import { describeCharacter, findInvalidTokenCharacter } from './validate.js';

/**
 * Whether `name` may be offered as a WebSocket subprotocol: a non-empty RFC 6455 token
 * (printable ASCII without spaces or any of `()<>@,;:\"/[]?={}`).
 *
 * @param name - the subprotocol name.
 * @returns `true` when every client and the ws 8 server accept it.
 */
export function isValidSubprotocol(name: string): boolean {
  return typeof name === 'string' && findInvalidTokenCharacter(name) === -1;
}

/**
 * Validates the `protocols` option and returns it as an array in the caller's order.
 *
 * @param protocols - a subprotocol, a list of them, or `undefined` for none.
 * @throws {HeaderOptionsError} `INVALID_OPTION` when `protocols` is neither a string nor an array,
 *   `INVALID_SUBPROTOCOL` for a name that is not a token,
 *   `DUPLICATE_SUBPROTOCOL` for a name given twice (case-insensitive, as undici compares).
 */
export function normalizeSubprotocols(protocols: string | readonly string[] | undefined): string[] {
  if (protocols === undefined) return [];
  const list: readonly unknown[] = typeof protocols === 'string' ? [protocols] : protocols;
  if (!Array.isArray(list)) {
    throw new HeaderOptionsError(
      'INVALID_OPTION',
      `"protocols" must be a string or an array of strings, got ${describeType(protocols)}`,
    );
  }
  const seen = new Map<string, string>();
  const result: string[] = [];
  for (const name of list) {
    if (typeof name !== 'string') {
      throw new HeaderOptionsError(
        'INVALID_SUBPROTOCOL',
        `Subprotocol ${describeType(name)} is not a string; "protocols" takes strings`,
      );
    }
    const invalid = findInvalidTokenCharacter(name);
    if (invalid !== -1) {
      throw new HeaderOptionsError(
        'INVALID_SUBPROTOCOL',
        name.length === 0
          ? 'Subprotocol "" is empty; a subprotocol is a non-empty RFC 6455 token'
          : `Subprotocol ${JSON.stringify(name)} has the invalid character ${describeCharacter(name, invalid)} at index ${invalid}; a subprotocol is an RFC 6455 token (printable ASCII without spaces or any of ()<>@,;:\\"/[]?={})`,
      );
    }
    const key = name.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new HeaderOptionsError(
        'DUPLICATE_SUBPROTOCOL',
        previous === name
          ? `Subprotocol ${JSON.stringify(name)} is offered twice; offer each subprotocol once`
          : `Subprotocols ${JSON.stringify(previous)} and ${JSON.stringify(name)} differ only in case; undici refuses both, offer one of them`,
      );
    }
    seen.set(key, name);
    result.push(name);
  }
  return result;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}
