// The two shapes of socket the facade wraps, and how to tell them apart.

/** Both shapes: what the facade reads and calls on every implementation. */
export interface RawSocket {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  binaryType?: string;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
  [key: symbol]: unknown;
}

/** ws 2-8, client or server side: an EventEmitter. */
export interface RawWs extends RawSocket {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  terminate(): void;
}

/** undici, Node's global, browsers: an EventTarget. */
export interface RawWebSocket extends RawSocket {
  addEventListener(type: string, listener: (this: RawWebSocket, event: Event) => void): void;
  removeEventListener(type: string, listener: (this: RawWebSocket, event: Event) => void): void;
}

/** `'ws'` for an EventEmitter-style ws socket, `'web'` for a WHATWG one, `null` for anything else. */
export function rawKind(value: unknown): 'ws' | 'web' | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate['send'] !== 'function' || typeof candidate['close'] !== 'function') return null;
  if (typeof candidate['readyState'] !== 'number') return null;
  if (typeof candidate['on'] === 'function' && typeof candidate['terminate'] === 'function') return 'ws';
  if (typeof candidate['addEventListener'] === 'function') return 'web';
  return null;
}
