import { bearerSubprotocol } from '@ws-compat/header-options';
import type { ConnectionContext } from './context.js';
import type { CompiledOptions } from './options.js';

/** What a hidden value reads in `toJSON()`. */
export const REDACTED = '[redacted]';

function decodeName(raw: string): string {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  const first = new URLSearchParams(`${raw}=`).keys().next();
  return first.done === true ? raw : first.value;
}

/**
 * `url` with the values of redacted query parameters replaced, everything else byte for byte.
 *
 * @param url - the request target.
 * @param names - the decoded parameter names to hide.
 */
export function redactUrl(url: string, names: ReadonlySet<string>): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hash = url.indexOf('#', queryStart);
  const queryEnd = hash === -1 ? url.length : hash;
  const pairs = url.slice(queryStart + 1, queryEnd).split('&');
  let changed = false;
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index] as string;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    if (names.has(decodeName(rawName))) {
      pairs[index] = `${rawName}=${REDACTED}`;
      changed = true;
    }
  }
  if (!changed) return url;
  return url.slice(0, queryStart + 1) + pairs.join('&') + url.slice(queryEnd);
}

function redactProtocols(value: string, prefix: string): string {
  return value
    .split(',')
    .map((entry) => (bearerSubprotocol.is(entry.trim(), prefix) ? ` ${REDACTED}` : entry))
    .join(',')
    .trim();
}

/**
 * The log-safe view of a context: the token, the `authorization` credentials, `Authorization`/`Cookie` values (and any header in
 * `redact.headers`), token query parameters (and `redact.queryParams`) and the token subprotocol
 * read `[redacted]`; cookie names are listed without values.
 *
 * @param context - the context to describe.
 * @param options - the compiled options (redaction lists, subprotocol prefix).
 */
export function redactedJson(context: ConnectionContext, options: CompiledOptions): object {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of context.headers.entries()) {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : previous + (name === 'cookie' ? '; ' : ', ') + value;
  }
  for (const name in headers) {
    if (options.redactHeaders.has(name)) headers[name] = REDACTED;
    else if (name === 'sec-websocket-protocol')
      headers[name] = redactProtocols(headers[name] as string, options.prefix);
  }
  // A truncated query may have dropped a token parameter that the URL still carries.
  let hasRedactedParam = context.query.truncated;
  for (const name of options.redactQueryParams) {
    if (context.query.has(name)) hasRedactedParam = true;
  }
  const query: Record<string, string | readonly string[]> = Object.create(null);
  for (const name of context.query.names()) {
    const values = options.redactQueryParams.has(name)
      ? context.query.getAll(name).map(() => REDACTED)
      : context.query.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : Object.freeze(values);
  }
  const auth = context.auth;
  const authorization = context.authorization;
  return Object.freeze({
    id: context.id,
    receivedAt: context.receivedAt,
    url: hasRedactedParam ? redactUrl(context.url, options.redactQueryParams) : context.url,
    path: context.path,
    query: Object.freeze(query),
    headers: Object.freeze(headers),
    origin: context.origin,
    host: context.host,
    userAgent: context.userAgent,
    subprotocols: context.subprotocols,
    auth: auth === null ? null : Object.freeze({ scheme: auth.scheme, source: auth.source, token: REDACTED }),
    authorization:
      authorization === null ? null : Object.freeze({ scheme: authorization.scheme, credentials: REDACTED }),
    cookies: Object.freeze(Object.keys(context.cookies)),
    client: context.client,
    secure: context.secure,
  });
}
