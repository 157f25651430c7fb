import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { isValidSubprotocol } from '@ws-compat/header-options';
import { buildConnectionContext, type ConnectionContext, carriesToken } from './context.js';
import { ConnectionContextError } from './errors.js';
import { type ContextOptions, compileOptions } from './options.js';
import { pickSubprotocol } from './subprotocol.js';
import { invalidOption } from './validate.js';

/**
 * Options of {@link withConnectionContext}: the context options plus what to accept. Read once, when
 * `withConnectionContext` is called (lists copied); pass new options to a new server to change them.
 */
export interface AttachOptions extends ContextOptions {
  /** The subprotocols the server speaks; default: accept the first acceptable offer. */
  readonly protocols?: readonly string[];
  /** Accepted `Origin` values (exact strings or RegExps), or `'*'`; default: any, or none sent. */
  readonly allowOrigins?: '*' | readonly (string | RegExp)[];
  /** Decides whether the connection may proceed; `false` refuses it with `UNAUTHORIZED` (401). */
  readonly authenticate?: (context: ConnectionContext) => boolean | Promise<boolean>;
  /** Refuse (`UNAUTHORIZED`, 401) a request that carries no bearer token (`context.auth` is `null`). */
  readonly requireAuth?: boolean;
  /** Called with every error that refused a handshake (for logging); `request` is the upgrade request. */
  readonly onReject?: (error: unknown, request: IncomingMessage) => void;
}

/** The `info` ws passes to `verifyClient` (ws 2-8). */
export interface VerifyClientInfo {
  origin: string | undefined;
  secure: boolean;
  req: IncomingMessage;
}

/** The callback ws passes to a two-argument `verifyClient` (ws 2-4 ignore `headers`). */
export type VerifyClientCallback = (
  result: boolean,
  code?: number,
  message?: string,
  headers?: OutgoingHttpHeaders,
) => void;

type UserVerifyClient =
  | ((info: VerifyClientInfo) => boolean | Promise<boolean>)
  | ((info: VerifyClientInfo, callback: VerifyClientCallback) => void);

export type UserHandleProtocols = (
  protocols: Set<string> | string[],
  request: IncomingMessage,
) => string | false;

/** The hooks {@link withConnectionContext} adds to the server options. */
export interface ConnectionContextServerHooks {
  verifyClient(info: VerifyClientInfo, callback: VerifyClientCallback): void;
  handleProtocols(protocols: Set<string> | string[], request: IncomingMessage): string | false;
}

/** The response header naming the refusal's code, on the ws versions that send extra headers (5+). */
export const ERROR_HEADER = 'X-WS-Compat-Error';

/**
 * The extra headers of a refusal: the code in {@link ERROR_HEADER}, and on a 401 the
 * `WWW-Authenticate` challenge RFC 9110 (section 15.5.2) requires: `Bearer` when no token (or a
 * refused one) came, `Bearer error="invalid_token"` for a malformed token (RFC 6750, section 3.1).
 */
export function refusalHeaders(error: ConnectionContextError): Record<string, string> {
  if (error.status !== 401) return { [ERROR_HEADER]: error.code };
  return {
    [ERROR_HEADER]: error.code,
    'WWW-Authenticate': error.code === 'INVALID_TOKEN' ? 'Bearer error="invalid_token"' : 'Bearer',
  };
}

const contexts = new WeakMap<object, ConnectionContext>();

/**
 * Records the context of a connection for {@link contextOf}.
 *
 * @param key - the upgrade request, or the WebSocket.
 */
export function rememberContext(key: object, context: ConnectionContext): void {
  contexts.set(key, context);
}

// The hooks this package made, each with the user's own handleProtocols it wraps (or undefined).
const ownHooks = new WeakMap<object, UserHandleProtocols | undefined>();

/** Whether `value` is a `verifyClient` or `handleProtocols` hook made by this package. */
export function isOwnHook(value: unknown): value is object {
  return typeof value === 'function' && ownHooks.has(value);
}

/** The user's `handleProtocols` that one of our hooks wraps, if any. */
export function wrappedProtocols(hook: object): UserHandleProtocols | undefined {
  return ownHooks.get(hook);
}

/** The checked attach options (lists copied and frozen). */
export interface AttachSettings {
  readonly protocols: readonly string[] | undefined;
  readonly allowOrigins: '*' | readonly (string | RegExp)[] | undefined;
  readonly authenticate: AttachOptions['authenticate'];
  readonly requireAuth: boolean;
  readonly onReject: AttachOptions['onReject'];
}

/**
 * Checks the options {@link withConnectionContext} adds to the context options, and copies them.
 *
 * @throws {ConnectionContextError} `INVALID_OPTION` for an option of the wrong type.
 */
export function checkAttachOptions(options: AttachOptions): AttachSettings {
  const { protocols, allowOrigins, authenticate, requireAuth, onReject } = options as Record<string, unknown>;
  let protocolList: string[] | undefined;
  if (protocols !== undefined) {
    if (!Array.isArray(protocols)) {
      throw invalidOption('protocols', protocols, 'an array of subprotocol names');
    }
    protocolList = [];
    for (let index = 0; index < protocols.length; index++) {
      const protocol: unknown = protocols[index];
      if (typeof protocol !== 'string' || protocol.length === 0 || !isValidSubprotocol(protocol)) {
        throw invalidOption(
          `protocols[${index}]`,
          protocol,
          'a subprotocol name (a non-empty RFC 7230 token)',
        );
      }
      protocolList.push(protocol);
    }
  }
  let origins: '*' | (string | RegExp)[] | undefined;
  if (allowOrigins === '*' || allowOrigins === undefined) {
    origins = allowOrigins;
  } else if (Array.isArray(allowOrigins)) {
    origins = [];
    for (let index = 0; index < allowOrigins.length; index++) {
      const origin: unknown = allowOrigins[index];
      if (!(typeof origin === 'string' && origin.length > 0) && !(origin instanceof RegExp)) {
        throw invalidOption(
          `allowOrigins[${index}]`,
          origin,
          "an origin string (e.g. 'https://app.example.com') or a RegExp",
        );
      }
      origins.push(origin);
    }
  } else {
    throw invalidOption('allowOrigins', allowOrigins, "'*' or an array of origin strings and RegExps");
  }
  if (authenticate !== undefined && typeof authenticate !== 'function') {
    throw invalidOption('authenticate', authenticate, 'a function (context) => boolean | Promise<boolean>');
  }
  if (requireAuth !== undefined && typeof requireAuth !== 'boolean') {
    throw invalidOption('requireAuth', requireAuth, 'a boolean');
  }
  if (onReject !== undefined && typeof onReject !== 'function') {
    throw invalidOption('onReject', onReject, 'a function (error, request) => void');
  }
  return {
    protocols: protocolList === undefined ? undefined : Object.freeze(protocolList),
    allowOrigins: Array.isArray(origins) ? Object.freeze(origins) : origins,
    authenticate: authenticate as AttachOptions['authenticate'],
    requireAuth: requireAuth === true,
    onReject: onReject as AttachOptions['onReject'],
  };
}

function originAllowed(origin: string | null, allow: readonly (string | RegExp)[]): boolean {
  if (origin === null) return false;
  for (const entry of allow) {
    if (typeof entry === 'string') {
      if (entry === origin) return true;
    } else {
      entry.lastIndex = 0;
      if (entry.test(origin)) return true;
    }
  }
  return false;
}

function originError(origin: string | null): ConnectionContextError {
  return new ConnectionContextError(
    'ORIGIN_NOT_ALLOWED',
    origin === null
      ? 'The request has no Origin header and allowOrigins is set; browsers always send one, other clients must send it too (ws: the "origin" option)'
      : `Origin ${JSON.stringify(origin)} is not in allowOrigins; add it there if this site may connect`,
  );
}

function noTokenError(): ConnectionContextError {
  return new ConnectionContextError(
    'UNAUTHORIZED',
    'No token: requireAuth is set and the request carries no bearer token in the configured tokenSources (an Authorization header with another scheme, such as Basic, is not one: it is context.authorization)',
  );
}

/**
 * Builds the context of an upgrade request and runs the checks of the attach options: the origin
 * allow-list, `requireAuth`, then `authenticate`. On success the context is remembered for
 * {@link contextOf} (keyed on the request) before `done(null)`; otherwise `done(error)` with the
 * refusal (a `ConnectionContextError`, or what `authenticate` threw). `done` is called synchronously
 * unless `authenticate` returns a Promise.
 */
export function admitRequest(
  request: IncomingMessage,
  options: AttachOptions,
  settings: AttachSettings,
  done: (error: unknown, context: ConnectionContext | null) => void,
): void {
  const { allowOrigins, requireAuth, authenticate } = settings;
  let context: ConnectionContext;
  try {
    context = buildConnectionContext(request, options);
    if (allowOrigins !== undefined && allowOrigins !== '*' && !originAllowed(context.origin, allowOrigins)) {
      throw originError(context.origin);
    }
    if (requireAuth && !carriesToken(context)) throw noTokenError();
  } catch (error) {
    done(error, null);
    return;
  }
  contexts.set(request, context);
  if (authenticate === undefined) {
    done(null, context);
    return;
  }
  let verdict: boolean | Promise<boolean>;
  try {
    verdict = authenticate(context);
  } catch (error) {
    done(error, null);
    return;
  }
  if (typeof verdict === 'boolean') {
    done(verdict ? null : authenticateRefused(), verdict ? context : null);
    return;
  }
  Promise.resolve(verdict).then(
    (allowed) => done(allowed === true ? null : authenticateRefused(), allowed === true ? context : null),
    (error: unknown) => done(error, null),
  );
}

function authenticateRefused(): ConnectionContextError {
  return new ConnectionContextError('UNAUTHORIZED', 'authenticate() refused the connection');
}

/**
 * The `handleProtocols` hook: {@link selectSubprotocol}'s choice among `protocols`, never the token
 * subprotocol; with `userProtocols`, that function's choice among the offers minus the token. When
 * nothing matches, `''` for ws 2-7 (an Array of offers: ws 2-4 answer 401 to `false`), `false` for
 * ws 8 (a Set).
 */
export function protocolHandler(
  protocols: readonly string[] | undefined,
  userProtocols: UserHandleProtocols | undefined,
  prefix: string,
): (offered: Set<string> | string[], request: IncomingMessage) => string | false {
  const hook = function handleProtocols(
    offered: Set<string> | string[],
    request: IncomingMessage,
  ): string | false {
    const isArray = Array.isArray(offered);
    // ws 2-4 answer 401 to false: the empty string means "no subprotocol" on every version.
    const none = isArray ? '' : false;
    if (userProtocols !== undefined) {
      const remaining: string[] = [];
      for (const protocol of offered) {
        if (pickSubprotocol([protocol], undefined, prefix) !== false) remaining.push(protocol.trim());
      }
      const chosen = userProtocols(isArray ? remaining : new Set(remaining), request);
      if (
        typeof chosen !== 'string' ||
        chosen === '' ||
        pickSubprotocol([chosen], undefined, prefix) === false
      ) {
        return none;
      }
      return chosen;
    }
    const chosen = pickSubprotocol(offered, protocols, prefix);
    return chosen === false ? none : chosen;
  };
  ownHooks.set(hook, userProtocols);
  return hook;
}

/**
 * Adds `verifyClient` and `handleProtocols` to ws server options so that every connection gets a
 * context, on ws 2, 3, 4, 5, 6, 7 and 8 (including `noServer` + `handleUpgrade`).
 *
 * `verifyClient` builds the context once, then refuses with the error's status: `ORIGIN_NOT_ALLOWED`
 * (403) when `allowOrigins` is set and the Origin does not match, `UNAUTHORIZED` (401) when
 * `requireAuth` finds no token or `authenticate` says no, the build error's own status otherwise, and
 * 500 when `authenticate` or your `verifyClient` throws. The body is the code; ws 5+ also send
 * `X-WS-Compat-Error: <code>`. A `verifyClient` you passed runs last, in its sync, async (Promise) or
 * callback form.
 *
 * `handleProtocols` answers with {@link selectSubprotocol}'s choice (Array in ws 2-7, Set in ws 8),
 * never the token subprotocol; when nothing matches, the 101 carries no subprotocol on every version
 * (ws 2-4 would answer 401 to `false`, so they get `''`). A `handleProtocols` you passed is called
 * with the offers minus the token subprotocol.
 *
 * @param serverOptions - the options you would give `new WebSocketServer()`.
 * @param options - context, origin, auth and subprotocol settings.
 * @returns a copy of `serverOptions` with both hooks.
 * @throws {ConnectionContextError} `INVALID_TRUST_PROXY` for a bad `trustProxy`, `INVALID_OPTION` for
 *   any other option of the wrong type or range: now, rather than per connection.
 */
export function withConnectionContext<T extends object>(
  serverOptions: T,
  options: AttachOptions = {},
): Omit<T, 'verifyClient' | 'handleProtocols'> & ConnectionContextServerHooks {
  if (typeof serverOptions !== 'object' || serverOptions === null || Array.isArray(serverOptions)) {
    throw invalidOption('serverOptions', serverOptions, 'the ws server options object, e.g. { port: 8080 }');
  }
  const compiled = compileOptions(options);
  const settings = checkAttachOptions(options);
  const { protocols, onReject } = settings;
  const userVerify = (serverOptions as { verifyClient?: UserVerifyClient }).verifyClient;
  const userProtocols = (serverOptions as { handleProtocols?: UserHandleProtocols }).handleProtocols;

  function reject(callback: VerifyClientCallback, error: unknown, request: IncomingMessage): void {
    onReject?.(error, request);
    if (error instanceof ConnectionContextError) {
      callback(false, error.status, error.code, refusalHeaders(error));
    } else {
      callback(false, 500, 'Internal Server Error');
    }
  }

  function runUserVerify(info: VerifyClientInfo, callback: VerifyClientCallback): void {
    if (userVerify === undefined) {
      callback(true);
    } else if (userVerify.length >= 2) {
      (userVerify as (info: VerifyClientInfo, callback: VerifyClientCallback) => void)(info, callback);
    } else {
      const result = (userVerify as (info: VerifyClientInfo) => boolean | Promise<boolean>)(info);
      if (typeof result === 'boolean') {
        callback(result);
      } else {
        Promise.resolve(result).then(
          (verified) => callback(verified === true),
          (error: unknown) => reject(callback, error, info.req),
        );
      }
    }
  }

  function verifyClient(info: VerifyClientInfo, callback: VerifyClientCallback): void {
    const request = info.req;
    admitRequest(request, options, settings, (error) => {
      if (error !== null) {
        reject(callback, error, request);
        return;
      }
      try {
        runUserVerify(info, callback);
      } catch (thrown) {
        reject(callback, thrown, request);
      }
    });
  }

  ownHooks.set(verifyClient, undefined);
  const handleProtocols = protocolHandler(protocols, userProtocols, compiled.prefix);

  return { ...serverOptions, verifyClient, handleProtocols } as Omit<T, 'verifyClient' | 'handleProtocols'> &
    ConnectionContextServerHooks;
}

/**
 * The context `withConnectionContext` built for a connection, in any `connection` handler of any ws
 * version: `contextOf(ws, req)` on ws 3+, `contextOf(ws)` on ws 2 (through `ws.upgradeReq`), and
 * `contextOf(ws)` anywhere once it was called with the request. Entries live in a WeakMap, so a
 * closed connection takes its context with it.
 *
 * @param ws - the WebSocket (or the upgrade request itself, e.g. `info.req` in your `verifyClient`).
 * @param req - the upgrade request, as ws 3+ pass it to `connection`.
 * @returns the context, or `undefined` when this connection did not go through `withConnectionContext`.
 */
export function contextOf(ws: object | null | undefined, req?: object | null): ConnectionContext | undefined {
  if (typeof req === 'object' && req !== null) {
    const context = contexts.get(req);
    if (context !== undefined && typeof ws === 'object' && ws !== null) contexts.set(ws, context);
    return context;
  }
  if (typeof ws !== 'object' || ws === null) return undefined;
  const direct = contexts.get(ws);
  if (direct !== undefined) return direct;
  const upgradeReq = (ws as { upgradeReq?: unknown }).upgradeReq;
  if (typeof upgradeReq !== 'object' || upgradeReq === null) return undefined;
  const context = contexts.get(upgradeReq);
  if (context !== undefined) contexts.set(ws, context);
  return context;
}
