// Test-only: a stand-in for a browser's WebSocket (Chromium's measured behaviour, after-handshake-facts.md
// "Cr" column) until the conformance app runs real browsers. An EventTarget with the WHATWG API: errors are
// a bare Event, binaryType ignores unknown values, send() String()-s non-binary data, close() validates and
// throws DOMExceptions. The wire work goes through ws@8.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Ws8Like {
  readonly readyState: number;
  readonly protocol: string;
  binaryType: string;
  on(event: string, listener: (...args: never[]) => void): void;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}
const Ws8 = require('ws8') as new (url: string, protocols?: string[]) => Ws8Like;

export class BrowserLikeWebSocket extends EventTarget {
  readyState = 0;
  readonly url: string;
  readonly extensions = '';
  #binaryType: 'blob' | 'arraybuffer' = 'blob';
  #inner: Ws8Like;
  #sentBeforeClose = 0;

  constructor(url: string, protocols: string | string[] = []) {
    super();
    this.url = new URL(url).href;
    const inner = new Ws8(this.url, typeof protocols === 'string' ? [protocols] : protocols);
    this.#inner = inner;
    inner.binaryType = 'nodebuffer';
    inner.on('open', () => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
    inner.on('error', () => this.dispatchEvent(new Event('error')));
    inner.on('close', ((code: number, reason: Buffer) => {
      this.readyState = 3;
      this.dispatchEvent(
        Object.assign(new Event('close'), { code, reason: reason.toString(), wasClean: code !== 1006 }),
      );
    }) as (...args: never[]) => void);
    inner.on('message', ((data: Buffer, isBinary: boolean) => {
      const payload = !isBinary
        ? data.toString()
        : this.#binaryType === 'blob'
          ? new Blob([new Uint8Array(data)])
          : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      this.dispatchEvent(Object.assign(new Event('message'), { data: payload }));
    }) as (...args: never[]) => void);
  }

  get protocol(): string {
    return this.#inner.protocol;
  }

  get bufferedAmount(): number {
    return this.#sentBeforeClose;
  }

  get binaryType(): 'blob' | 'arraybuffer' {
    return this.#binaryType;
  }

  set binaryType(value: string) {
    if (value === 'blob' || value === 'arraybuffer') this.#binaryType = value;
  }

  send(data: unknown): void {
    if (this.readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.readyState !== 1) return;
    if (typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data))
      this.#inner.send(data);
    else if (data instanceof Blob)
      void data.arrayBuffer().then((bytes) => this.#inner.send(new Uint8Array(bytes)));
    else this.#inner.send(String(data));
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(
        `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      );
    }
    if (code === undefined && reason !== undefined) {
      throw new DOMException(
        'The close code must be either 1000, or between 3000 and 4999. 0 is neither.',
        'InvalidAccessError',
      );
    }
    if (this.readyState >= 2) return;
    if (this.readyState === 0) {
      this.readyState = 2;
      this.#inner.terminate();
      return;
    }
    this.readyState = 2;
    this.#inner.close(code, reason);
  }
}
