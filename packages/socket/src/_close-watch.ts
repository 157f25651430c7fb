// The one piece of module-level mutable state: a set of open sockets and a single timer that checks
// them. No implementation tells anyone that the peer started the closing handshake (ws and undici
// just move readyState to CLOSING), and undici never gives up waiting for the peer to close TCP, so
// the only way to bound `close` is to look. One shared, unref'd interval costs nothing per socket;
// a timer per socket would cost a Timeout object each for the whole life of the connection.

/** What the watcher needs from a socket. */
export interface Watched {
  /** Called on every tick with the current time; the socket decides whether its deadline passed. */
  checkClosing(now: number): void;
}

const watched = new Set<Watched>();
let timer: ReturnType<typeof setInterval> | null = null;

/** How often the watcher looks, in ms: the precision of `closeTimeoutMs`. */
export const WATCH_INTERVAL_MS = 200;

function tick(): void {
  const now = Date.now();
  for (const socket of watched) socket.checkClosing(now);
}

/** Starts watching a socket (idempotent). */
export function watch(socket: Watched): void {
  watched.add(socket);
  if (timer === null) {
    timer = setInterval(tick, WATCH_INTERVAL_MS);
    // Node: never keep the process alive for this; browsers have no unref
    (timer as { unref?: () => void }).unref?.();
  }
}

/** Stops watching a socket; the timer stops with the last one. */
export function unwatch(socket: Watched): void {
  watched.delete(socket);
  if (watched.size === 0 && timer !== null) {
    clearInterval(timer);
    timer = null;
  }
}
