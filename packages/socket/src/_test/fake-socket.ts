// Test-only: the smallest WHATWG-shaped socket, to drive the facade's own event logic (listener order,
// once, signal, attribute handlers) without a network. Every behaviour that depends on an
// implementation is tested against the real ones in src/clients and src/servers.
export class FakeWebSocket extends EventTarget {
  readyState = 1;
  bufferedAmount = 0;
  binaryType = 'blob';
  url = 'ws://example.test/path';
  protocol = '';
  extensions = '';
  readonly sent: unknown[] = [];
  readonly closes: unknown[][] = [];

  send(data: unknown): void {
    this.sent.push(data);
  }

  close(...args: unknown[]): void {
    this.closes.push(args);
    this.readyState = 2;
  }

  /** Delivers a text message as an implementation would. */
  receive(data: unknown): void {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }

  /** Ends the connection as an implementation would. */
  end(code: number, reason: string, wasClean: boolean): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason, wasClean }));
  }
}
