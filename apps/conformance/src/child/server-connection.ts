// The server side of every connection in a Node server child: the server's socket wrapped with
// @ws-compat/socket, echoing what it gets (text as text, binary as binary), obeying the peer's server
// commands (protocol.ts) and reporting each event of its socket.
import { type CompatSocket, wrapSocket } from '@ws-compat/socket';
import { thrownInfo } from './connection.js';
import { contentDigest, hexHead } from './digest.js';
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

/** Runs one server command; returns the text to answer with, or null. */
function runCommand(socket: CompatSocket, text: string): string | null {
  const [command = '', code, ...rest] = text.slice(SERVER_COMMAND_PREFIX.length).split(' ');
  if (command === 'close') {
    socket.close(code === undefined ? undefined : Number(code), rest.join(' '));
    return null;
  }
  if (command === 'close-invalid') {
    try {
      socket.close(Number(code));
    } catch (error) {
      return `threw ${thrownInfo(error).name}`;
    }
    return 'did not throw';
  }
  if (command === 'throw') throw new Error('a server listener throws on purpose');
  return `unknown command ${command}`;
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
    const bytes =
      typeof data === 'string'
        ? new TextEncoder().encode(data)
        : data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : null;
    reporter.event({
      type: 'message',
      at: at(),
      kind: typeof data === 'string' ? 'text' : data instanceof ArrayBuffer ? 'arraybuffer' : 'other',
      size: bytes?.length ?? 0,
      digest: bytes === null ? '' : contentDigest(bytes),
      head: typeof data === 'string' ? data.slice(0, 32) : bytes === null ? '' : hexHead(bytes),
      readyState: socket.readyState,
    });
    if (typeof data === 'string') reporter.text(data);
    if (typeof data === 'string' && data.startsWith(SERVER_COMMAND_PREFIX)) {
      const answer = runCommand(socket, data);
      if (answer !== null) socket.send(answer);
      return;
    }
    if (typeof data === 'string' || data instanceof ArrayBuffer) socket.send(data);
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
