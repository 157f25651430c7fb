// The server side of every connection in a Node server child: the server's socket wrapped with
// @ws-compat/socket, echoing what it gets (text as text, binary as binary), obeying the peer's server
// commands (protocol.ts) and reporting each event of its socket.
import { type CompatSocket, wrapSocket } from '@ws-compat/socket';
import { thrownInfo } from './connection.js';
import { messageRecord } from './digest.js';
import { type ObservedEvent, SERVER_COMMAND_PREFIX } from './protocol.js';

/**
 * closeTimeoutMs of the server's sockets: short, so that a peer that never closes TCP is seen within
 * the scenario (peer-never-closes), long enough for a clean closing handshake on a loaded machine.
 */
export const SERVER_CLOSE_TIMEOUT_MS = 2_000;

/** What serveConnection reports: each event of the socket, and each text (the handshake scenarios' echo). */
export interface ConnectionReporter {
  event(event: ObservedEvent): void;
  text(text: string): void;
}

/** A server command parsed from a peer's text (see SERVER_COMMAND_PREFIX in protocol.ts). */
export interface ServerCommand {
  name: string;
  /** the code argument, as sent (absent: none) */
  code: string | undefined;
  /** the rest of the line */
  reason: string;
}

/** The server command a text carries, or null for a text to echo. */
export function serverCommandOf(text: string): ServerCommand | null {
  if (!text.startsWith(SERVER_COMMAND_PREFIX)) return null;
  const [name = '', code, ...rest] = text.slice(SERVER_COMMAND_PREFIX.length).split(' ');
  return { name, code, reason: rest.join(' ') };
}

/**
 * Runs a `close` or `close-invalid` command on any socket with a close(code, reason); returns the text
 * to answer with, or null. `throw` is the caller's: only it knows whether a throw is caught.
 */
export function runServerCommand(
  socket: { close(code?: number, reason?: string): void },
  command: ServerCommand,
): string | null {
  if (command.name === 'close') {
    socket.close(command.code === undefined ? undefined : Number(command.code), command.reason);
    return null;
  }
  if (command.name === 'close-invalid') {
    try {
      socket.close(Number(command.code));
    } catch (error) {
      return `threw ${thrownInfo(error).name}`;
    }
    return 'did not throw';
  }
  return `unknown command ${command.name}`;
}

/**
 * Wraps a server-side ws socket (inside `connection`, as the package's README shows) and serves one
 * connection: echo, commands, and every event reported in order. Never throws.
 */
export function serveConnection(raw: unknown, reporter: ConnectionReporter): void {
  const started = Date.now();
  const at = (): number => Date.now() - started;
  let socket: CompatSocket;
  try {
    socket = wrapSocket(raw, {
      binaryType: 'arraybuffer',
      closeTimeoutMs: SERVER_CLOSE_TIMEOUT_MS,
      onListenerError: (error) =>
        reporter.event({ type: 'listener-error', at: at(), message: thrownInfo(error).message }),
    });
  } catch (error) {
    const info = thrownInfo(error);
    reporter.event({
      type: 'error',
      at: at(),
      code: info.code,
      closeCode: null,
      message: `wrapSocket threw ${info.name}: ${info.message}`,
      readyState: -1,
    });
    return;
  }
  socket.addEventListener('message', (event) => {
    const data = event.data;
    const known = typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
    reporter.event(messageRecord(known, at(), socket.readyState));
    if (typeof data !== 'string') {
      if (data instanceof ArrayBuffer) socket.send(data);
      return;
    }
    reporter.text(data);
    const command = serverCommandOf(data);
    if (command === null) {
      socket.send(data);
      return;
    }
    if (command.name === 'throw') throw new Error('a server listener throws on purpose');
    const answer = runServerCommand(socket, command);
    if (answer !== null) socket.send(answer);
  });
  socket.addEventListener('error', (event) => {
    reporter.event({
      type: 'error',
      at: at(),
      code: event.error.code,
      closeCode: event.error.closeCode,
      message: event.message,
      readyState: socket.readyState,
    });
  });
  socket.addEventListener('close', (event) => {
    reporter.event({
      type: 'close',
      at: at(),
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
      readyState: socket.readyState,
    });
  });
}
