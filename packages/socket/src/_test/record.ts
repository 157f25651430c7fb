// Test-only: what a facade dispatched, as plain data, and helpers to wait for it.
import type { CompatSocket } from '../types.js';

export type Recorded =
  | { type: 'open' }
  | { type: 'message'; data: unknown }
  | { type: 'error'; message: string; code: string; closeCode: number | null; isTrusted: boolean }
  | { type: 'close'; code: number; reason: string; wasClean: boolean; readyState: number };

/** Records every open, message, error and close event of the facade. */
export function record(socket: CompatSocket): Recorded[] {
  const events: Recorded[] = [];
  socket.addEventListener('open', () => events.push({ type: 'open' }));
  socket.addEventListener('message', (event) => events.push({ type: 'message', data: event.data }));
  socket.addEventListener('error', (event) =>
    events.push({
      type: 'error',
      message: event.message,
      code: event.error.code,
      closeCode: event.error.closeCode,
      isTrusted: false,
    }),
  );
  socket.addEventListener('close', (event) =>
    events.push({
      type: 'close',
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
      readyState: socket.readyState,
    }),
  );
  return events;
}

/** Resolves once `condition()` holds (checked every 5 ms), or rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Data of the recorded messages, binary as hex. */
export function messages(events: readonly Recorded[]): unknown[] {
  return events
    .filter((event): event is Extract<Recorded, { type: 'message' }> => event.type === 'message')
    .map((event) => event.data);
}

/** Bytes of a Blob / ArrayBuffer / Buffer as hex, after reading a Blob. */
export async function hexOf(data: unknown): Promise<string> {
  if (data instanceof Blob) return Buffer.from(await data.arrayBuffer()).toString('hex');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('hex');
  if (data instanceof Uint8Array)
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
  throw new Error(`not binary: ${String(data)}`);
}
