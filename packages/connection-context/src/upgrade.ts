import { type IncomingMessage, STATUS_CODES } from 'node:http';
import {
  type AttachOptions,
  admitRequest,
  checkAttachOptions,
  isOwnHook,
  protocolHandler,
  refusalHeaders,
  rememberContext,
  type UserHandleProtocols,
  wrappedProtocols,
} from './attach.js';
import { ConnectionContextError } from './errors.js';
import { compileOptions } from './options.js';
import { invalidOption } from './validate.js';

/** The socket of an `upgrade` event, as far as a refusal needs it. */
export interface UpgradeSocket {
  readonly writable: boolean;
  write(data: string): unknown;
  destroy(): unknown;
}

/** The parts of a ws 2-8 `WebSocketServer` (created with `noServer: true`) the handler uses. */
export interface UpgradeServer {
  handleUpgrade(
    request: IncomingMessage,
    socket: never,
    head: never,
    callback: (ws: object, request: IncomingMessage) => void,
  ): void;
  emit(event: 'connection', ws: never, request: IncomingMessage): boolean;
  options?: unknown;
}

/** What {@link createUpgradeHandler} returns: a listener for `http.Server`'s `upgrade` event. */
export type UpgradeHandler = (request: IncomingMessage, socket: UpgradeSocket, head: Buffer) => void;

/** The server options ws reads on every handshake. */
interface ServerOptions {
  handleProtocols?: unknown;
  verifyClient?: unknown;
}

/**
 * An `upgrade` listener for a ws 2-8 server created with `noServer: true`: it builds the context,
 * makes the checks of {@link withConnectionContext} itself (origin allow-list, `requireAuth`,
 * `authenticate`) and hands an admitted request straight to `wss.handleUpgrade`, so ws never goes
 * through a `verifyClient` of ours. The admitted connection is emitted as `'connection'` (`ws, req`)
 * on `wss`, with its context ready for {@link contextOf}.
 *
 * A refused request gets the status of its error (`ORIGIN_NOT_ALLOWED` 403, `UNAUTHORIZED` 401, a
 * build error's own status, 500 when `authenticate` throws), the code as body and in
 * `X-WS-Compat-Error` (on every ws version, since the handler writes the response), and the socket
 * is closed; `onReject` sees the error first. Subprotocols are chosen as `withConnectionContext`
 * chooses them (never the token subprotocol): the handler installs that choice as the server's
 * `handleProtocols`, around one you passed to the server. A `verifyClient` you passed to the server
 * still runs, inside `handleUpgrade`, after the checks.
 *
 * @param wss - the ws server, created with `{ noServer: true }` (not through `withConnectionContext`).
 * @param options - context, origin, auth and subprotocol settings, read once, now.
 * @returns the listener: `server.on('upgrade', createUpgradeHandler(wss, options))`.
 * @throws {ConnectionContextError} `INVALID_OPTION` when `wss` is not a ws server or already has the
 *   hooks of `withConnectionContext` (the context would be built twice), `INVALID_TRUST_PROXY` and
 *   `INVALID_OPTION` for the options, as `withConnectionContext`.
 */
export function createUpgradeHandler(wss: UpgradeServer, options: AttachOptions = {}): UpgradeHandler {
  if (
    typeof wss !== 'object' ||
    wss === null ||
    typeof wss.handleUpgrade !== 'function' ||
    typeof wss.emit !== 'function'
  ) {
    throw invalidOption('wss', wss, 'a ws WebSocketServer created with { noServer: true }');
  }
  const compiled = compileOptions(options);
  const settings = checkAttachOptions(options);
  const serverOptions = (
    typeof wss.options === 'object' && wss.options !== null ? wss.options : {}
  ) as ServerOptions;
  if (isOwnHook(serverOptions.verifyClient)) {
    throw new ConnectionContextError(
      'INVALID_OPTION',
      'wss was created with withConnectionContext(): createUpgradeHandler() makes the same checks itself, so every context would be built twice; create the server with { noServer: true } alone',
    );
  }
  // Around the user's own handleProtocols; a hook of ours (an earlier handler) is replaced, not wrapped.
  const current = serverOptions.handleProtocols;
  const userProtocols = isOwnHook(current)
    ? wrappedProtocols(current)
    : typeof current === 'function'
      ? (current as UserHandleProtocols)
      : undefined;
  serverOptions.handleProtocols = protocolHandler(settings.protocols, userProtocols, compiled.prefix);
  if (serverOptions !== wss.options) wss.options = serverOptions;
  const { onReject } = settings;

  return function onUpgrade(request, socket, head) {
    admitRequest(request, options, settings, (error, context) => {
      if (error !== null || context === null) {
        onReject?.(error, request);
        refuse(socket, error);
        return;
      }
      wss.handleUpgrade(request, socket as never, head as never, (ws) => {
        rememberContext(ws, context);
        wss.emit('connection', ws as never, request);
      });
    });
  };
}

/** Writes the refusal as ws's own abortHandshake does (status line, Connection: close, body), then closes. */
function refuse(socket: UpgradeSocket, error: unknown): void {
  if (socket.writable) {
    const status = error instanceof ConnectionContextError ? error.status : 500;
    const body = error instanceof ConnectionContextError ? error.code : 'Internal Server Error';
    const extra =
      error instanceof ConnectionContextError
        ? Object.entries(refusalHeaders(error))
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join('')
        : '';
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
    );
  }
  socket.destroy();
}
