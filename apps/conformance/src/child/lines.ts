// The line-delimited JSON protocol between the runner and the children that are not Node (Python,
// Go): one JSON object per line, UTF-8, `\n` ends a line (a `\r` before it is dropped). The message
// types are the IPC ones (protocol.ts); a server child reports a `native` view of the request
// instead of a connection context. Later commands (send, close, expect-message for whole-connection
// scenarios) are new `type`s on the same framing.

/** The longest line accepted: a report with every header fits many times over. */
export const MAX_LINE_BYTES = 1 << 20;

export type LineEvent =
  | { kind: 'message'; message: Record<string, unknown> & { type: string } }
  | { kind: 'error'; error: string };

/** Encodes one message as one line (JSON never contains a raw newline). */
export function encodeLine(message: object): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Splits a byte stream into JSON messages. Chunks may end anywhere (mid-line, mid-character); a line
 * that is not a JSON object with a string `type`, or that grows beyond `maxLineBytes`, is an error
 * event naming the line, and the decoder carries on with the next line.
 */
export class LineDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #discarding = false;
  #line = 0;

  constructor(readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Feeds a chunk; returns the events of every line it completed. */
  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.#append(chunk.subarray(start, newline), events);
      events.push(...this.#finishLine());
      start = newline + 1;
    }
    if (start < chunk.length) this.#append(chunk.subarray(start), events);
    return events;
  }

  /** The end of the stream: a last line without `\n` is an error (the child was cut off). */
  end(): LineEvent[] {
    if (this.#pendingBytes === 0 && !this.#discarding) return [];
    const line = this.#line + 1;
    this.#reset();
    return [{ kind: 'error', error: `line ${line}: the stream ended in the middle of a line` }];
  }

  #append(part: Buffer, events: LineEvent[]): void {
    if (this.#discarding || part.length === 0) return;
    if (this.#pendingBytes + part.length > this.maxLineBytes) {
      events.push({
        kind: 'error',
        error: `line ${this.#line + 1}: longer than ${this.maxLineBytes} bytes, dropped`,
      });
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#discarding = true;
      return;
    }
    this.#pending.push(part);
    this.#pendingBytes += part.length;
  }

  #finishLine(): LineEvent[] {
    this.#line++;
    if (this.#discarding) {
      this.#reset();
      return [];
    }
    let text = Buffer.concat(this.#pending, this.#pendingBytes).toString('utf8');
    this.#reset();
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [{ kind: 'error', error: `line ${this.#line}: not JSON: ${text.slice(0, 120)}` }];
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed) ||
      typeof (parsed as { type?: unknown }).type !== 'string'
    ) {
      return [
        {
          kind: 'error',
          error: `line ${this.#line}: not a message object with a "type": ${text.slice(0, 120)}`,
        },
      ];
    }
    return [{ kind: 'message', message: parsed as Record<string, unknown> & { type: string } }];
  }

  #reset(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#discarding = false;
  }
}
