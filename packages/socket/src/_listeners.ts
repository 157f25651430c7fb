// The socket's own listener list. The facade does not use the platform EventTarget's storage: Node's
// EventTarget reports a throwing listener as an uncaught exception (the process dies), and its
// constructor allocates two Maps per instance. Here a throw goes to `onListenerError`, and nothing is
// allocated until the first listener is added. Lists are copied on change, never on dispatch, so a
// dispatch walks the list it started with (listeners added meanwhile wait for the next event,
// removed ones are skipped through `removed`), as the DOM standard says.

import type { SocketAddEventListenerOptions, SocketEventListener } from './types.js';

/** One registered listener. `attribute` entries stand for an `onX` handler, looked up at call time. */
export interface ListenerEntry {
  readonly callback: SocketEventListener | null;
  readonly capture: boolean;
  readonly once: boolean;
  readonly attribute: boolean;
  removed: boolean;
}

export type ListenerMap = Map<string, ListenerEntry[]>;

/** Normalized `addEventListener` options. */
export interface AddOptions {
  readonly capture: boolean;
  readonly once: boolean;
  readonly signal: AbortSignal | null;
}

/** Reads `addEventListener`'s third argument (a boolean means `capture`). */
export function addOptions(options: boolean | SocketAddEventListenerOptions | undefined): AddOptions {
  if (typeof options === 'boolean') return { capture: options, once: false, signal: null };
  if (options === undefined || options === null) return { capture: false, once: false, signal: null };
  return { capture: Boolean(options.capture), once: Boolean(options.once), signal: options.signal ?? null };
}

/** Adds an entry unless the same callback with the same capture is already there (DOM dedupe). */
export function addEntry(map: ListenerMap, type: string, entry: ListenerEntry): boolean {
  const list = map.get(type);
  if (list === undefined) {
    map.set(type, [entry]);
    return true;
  }
  if (!entry.attribute) {
    for (const existing of list) {
      if (!existing.attribute && existing.callback === entry.callback && existing.capture === entry.capture) {
        return false;
      }
    }
  }
  map.set(type, [...list, entry]);
  return true;
}

/** Removes the entry that matches (a callback and capture, or the attribute entry). */
export function removeEntry(map: ListenerMap, type: string, match: (entry: ListenerEntry) => boolean): void {
  const list = map.get(type);
  if (list === undefined) return;
  const index = list.findIndex(match);
  if (index === -1) return;
  const entry = list[index]!;
  entry.removed = true;
  if (list.length === 1) map.delete(type);
  else
    map.set(
      type,
      list.filter((candidate) => candidate !== entry),
    );
}
