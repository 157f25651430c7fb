// Test-only: a faithful stand-in for a browser's WebSocket. Its constructor takes only
// `(url, protocols)`, validates them the way the WHATWG spec says, cannot send headers (any further
// argument is ignored, as browsers do), reports failures as a bare `error` event followed by
// `close` 1006, and fails the connection when the server selects a subprotocol it did not offer.
// The handshake itself is real: it goes through ws@8 with the protocols only.
import { createRequire } from 'node:module';
import type { WebSocket as WsWebSocket } from 'ws';

const require = createRequire(import.meta.url);
const Ws8 = require('ws8') as typeof WsWebSocket;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function closeEvent(code: number, reason: string, wasClean: boolean): Event {
  return Object.assign(new Event('close'), { code, reason, wasClean });
}

export class BrowserLikeWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readonly url: string;
  readyState = 0;
  protocol = '';
  readonly extensions = '';
  binaryType: 'blob' | 'arraybuffer' = 'blob';
  #inner: WsWebSocket;

  constructor(url: string | URL, protocols: string | string[] = []) {
    super();
    let parsed: URL;
    try {
      parsed = new URL(String(url));
    } catch {
      throw new DOMException(
        `Failed to construct 'WebSocket': The URL '${String(url)}' is invalid.`,
        'SyntaxError',
      );
    }
    if (parsed.hash !== '' || String(url).includes('#')) {
      throw new DOMException(
        "Failed to construct 'WebSocket': The URL contains a fragment identifier.",
        'SyntaxError',
      );
    }
    const list = typeof protocols === 'string' ? [protocols] : [...protocols];
    for (const [index, protocol] of list.entries()) {
      if (!TOKEN.test(protocol) || list.indexOf(protocol) !== index) {
        throw new DOMException(
          `Failed to construct 'WebSocket': The subprotocol '${protocol}' is invalid or duplicated.`,
          'SyntaxError',
        );
      }
    }
    this.url = parsed.href;
    const inner = new Ws8(parsed.href, list);
    this.#inner = inner;
    inner.on('open', () => {
      this.readyState = 1;
      this.protocol = inner.protocol;
      this.dispatchEvent(new Event('open'));
    });
    inner.on('error', () => {
      // Browsers never say why a handshake failed.
      this.dispatchEvent(new Event('error'));
    });
    inner.on('close', (code: number, reason: Buffer) => {
      this.readyState = 3;
      this.dispatchEvent(closeEvent(code, reason.toString(), code !== 1006));
    });
    inner.on('message', (data: Buffer, isBinary: boolean) => {
      this.dispatchEvent(new MessageEvent('message', { data: isBinary ? data : data.toString() }));
    });
  }

  send(data: string): void {
    this.#inner.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    if (this.#inner.readyState === 0) this.#inner.terminate();
    else this.#inner.close(code, reason);
  }
}
