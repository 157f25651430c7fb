// No implementation has a drain event (measured: ws, undici, Chromium), so waiting for room to send
// means looking at bufferedAmount. This is the one helper for it.
import { SocketError } from './errors.js';
import type { CompatSocket } from './types.js';

/** Options of {@link waitForBufferedAmount}. */
export interface WaitForBufferedAmountOptions {
  /** Resolve once `bufferedAmount` is at most this many bytes; default 0. */
  threshold?: number | undefined;
  /** How often to look, in ms; default 10. */
  intervalMs?: number | undefined;
  /** Rejects the wait with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Resolves when the socket can take more data: `bufferedAmount <= threshold`. Resolves at once when
 * the socket is not OPEN (nothing more will drain; sends after close are dropped anyway).
 *
 * @param socket  a facade from `wrapSocket`
 * @param options  threshold (bytes, default 0), polling interval (ms, default 10), abort signal
 * @throws {SocketError} `INVALID_OPTION` for a negative or non-numeric threshold or interval
 */
export function waitForBufferedAmount(
  socket: CompatSocket,
  options: WaitForBufferedAmountOptions = {},
): Promise<void> {
  const threshold = options.threshold ?? 0;
  const intervalMs = options.intervalMs ?? 10;
  if (typeof threshold !== 'number' || !(threshold >= 0)) {
    throw new SocketError(
      'INVALID_OPTION',
      `threshold must be a number of bytes >= 0, but got ${String(threshold)}.`,
    );
  }
  if (typeof intervalMs !== 'number' || !(intervalMs > 0)) {
    throw new SocketError(
      'INVALID_OPTION',
      `intervalMs must be a number of ms > 0, but got ${String(intervalMs)}.`,
    );
  }
  const signal = options.signal;
  const done = (): boolean => socket.readyState !== 1 || socket.bufferedAmount <= threshold;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearInterval(timer);
      reject(signal?.reason);
    };
    const timer = setInterval(() => {
      if (!done()) return;
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, intervalMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
