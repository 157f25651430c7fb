import { ConnectionContextError } from './errors.js';

/**
 * A short, log-safe description of an option value for error messages: strings quoted (and cut
 * at 64 characters), numbers and booleans as written, anything else by its kind.
 *
 * @param value - the value that was passed.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof RegExp) return `the RegExp ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The `INVALID_OPTION` error (status 500: the server is misconfigured) for an option of the wrong
 * type or range: `"<name> must be <accepted>; got <value>"`, then `hint` when given.
 *
 * @param name - the option, as written in the options object (`redact.headers[1]`).
 * @param value - the value that was passed.
 * @param accepted - what the option accepts.
 * @param hint - one more sentence, e.g. why a value was removed.
 */
export function invalidOption(
  name: string,
  value: unknown,
  accepted: string,
  hint?: string,
): ConnectionContextError {
  const message = `${name} must be ${accepted}; got ${describeValue(value)}`;
  return new ConnectionContextError('INVALID_OPTION', hint === undefined ? message : `${message}. ${hint}`);
}
