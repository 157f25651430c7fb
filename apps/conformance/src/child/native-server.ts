// The server side of a connection in a Node framework whose socket @ws-compat/socket does not wrap
// (WebSocket-Node's connection, faye-websocket's socket, crossws's peer): the same echo, commands and
// event records as server-connection.ts, through the framework's own API behind one small interface.
import type { ExpectedFailure } from '../status.js';
import { messageRecord } from './digest.js';
import type { ObservedEvent } from './protocol.js';
import {
  type ConnectionReporter,
  runServerCommand,
  SERVER_CLOSE_TIMEOUT_MS,
  serverCommandOf,
} from './server-connection.js';

/**
 * What the driver calls on a framework's socket; each adapter maps it onto the framework's own API
 * (`connection.sendUTF`, `ws.send`, `peer.send`...). Calls go through unchanged: a framework that
 * throws, throws here.
 */
export interface NativeServerSocket {
  /** sends a text message */
  sendText(text: string): void;
  /** sends a binary message */
  sendBinary(bytes: Uint8Array): void;
  /** the framework's close(code, reason), as it validates (or not) the arguments */
  close(code?: number, reason?: string): void;
  /** the framework's readyState, as the WHATWG numbers (0 to 3) */
  readyState(): number;
}

/** What the adapter calls for each event of the framework's socket. */
export interface NativeServerEvents {
  /** a whole message: a string for text, the bytes for binary */
  message(data: string | Uint8Array): void;
  /** the framework reported an error (its message) */
  error(message: string): void;
  /**
   * the framework's close notification. `wasClean` is the framework's own when it has one, else null
   * (none of WebSocket-Node's connection, faye's socket and crossws's peer has one): never derived
   * from the code, since a framework that fails the connection reports the code it sent (1002, 1007).
   */
  close(code: number, reason: string, wasClean: boolean | null): void;
}

/** Copies bytes into their own ArrayBuffer: what the facade's 'arraybuffer' binaryType hands over. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/**
 * Serves one connection on a framework's own socket: echoes text as text and binary as binary, runs
 * the peer's server commands and reports each event. A `@@throw` command throws nothing: none of these
 * frameworks catches a throwing listener (a throw is an uncaught exception in the process that serves
 * every other cell, see {@link throwingListenerUncaught}), so no listener error is reported.
 *
 * @param socket - the framework's socket behind {@link NativeServerSocket}.
 * @param reporter - where each event and each text go (IPC in the server child).
 * @returns the handlers the adapter calls for the framework's events.
 */
export function serveNativeConnection(
  socket: NativeServerSocket,
  reporter: ConnectionReporter,
): NativeServerEvents {
  const started = Date.now();
  const at = (): number => Date.now() - started;
  const report = (event: ObservedEvent): void => reporter.event(event);
  return {
    message(data) {
      const binary = typeof data === 'string' ? null : ownBytes(data);
      report(messageRecord(binary ?? (data as string), at(), socket.readyState()));
      if (binary !== null) {
        socket.sendBinary(binary);
        return;
      }
      const text = data as string;
      reporter.text(text);
      const command = serverCommandOf(text);
      if (command === null) {
        socket.sendText(text);
        return;
      }
      if (command.name === 'throw') return;
      const answer = runServerCommand(socket, command);
      if (answer !== null) socket.sendText(answer);
    },
    error(message) {
      report({
        type: 'error',
        at: at(),
        code: null,
        closeCode: null,
        message,
        readyState: socket.readyState(),
      });
    },
    close(code, reason, wasClean) {
      report({ type: 'close', at: at(), code, reason, wasClean, readyState: socket.readyState() });
    },
  };
}

/** The close timeout a framework is configured with where it has one (same as the wrapped servers). */
export const NATIVE_CLOSE_TIMEOUT_MS = SERVER_CLOSE_TIMEOUT_MS;

/**
 * The declaration every native server shares for `throwing-listener`: the framework calls its message
 * listener (or hook) with no try/catch, so a throw there is an uncaught exception. Measured on each:
 * a listener that throws on the first message ends the Node process with that Error.
 *
 * @param api - how the framework's users write the listener, e.g. "connection.on('message')".
 */
export function throwingListenerUncaught(api: string): ExpectedFailure {
  return {
    scenario: 'throwing-listener',
    reason: `${api} is called with no try/catch: a listener that throws is an uncaught exception that ends the server process (measured: the process exits with the listener's Error on the first message), so the driver does not throw there (this process serves every other cell) and no listener error is reported; wrap the listener's body in try/catch`,
    observed: 'its throwing listener was not reported to onListenerError',
  };
}
