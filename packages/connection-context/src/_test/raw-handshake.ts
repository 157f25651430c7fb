// Test-only: a raw HTTP upgrade request over a plain socket, and what the server answered.
import { connect } from 'node:net';

/** What a server answered to a hand-written upgrade request, byte for byte where it matters. */
export interface RawResponse {
  /** The response head exactly as received (status line and headers, without the blank line). */
  head: string;
  status: number;
  /** Header lines in order, names as sent. */
  headers: [string, string][];
  /** The body of a refusal. */
  body: string;
  /** The payload of the first text frame after a 101, or `null`. */
  message: string | null;
}

/**
 * Sends `lines` as an HTTP request over a raw socket to 127.0.0.1 and reads the answer: the head,
 * then either the first WebSocket text frame (after 101) or the body until the server closes.
 * Bounded by `timeoutMs`.
 */
export function rawHandshake(port: number, lines: readonly string[], timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let response: Omit<RawResponse, 'body' | 'message'> | null = null;
    let bodyStart = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no complete answer within ${timeoutMs} ms; received ${JSON.stringify(buffer.toString('latin1'))}`,
        ),
      );
    }, timeoutMs);
    const finish = (result: RawResponse) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const tryFrame = () => {
      if (response === null || response.status !== 101) return;
      const frame = buffer.subarray(bodyStart);
      if (frame.length < 2) return;
      let length = (frame[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (frame.length < 4) return;
        length = frame.readUInt16BE(2);
        offset = 4;
      }
      if (frame.length < offset + length) return;
      if (frame[0] !== 0x81) {
        finish({ ...response, body: '', message: null });
        return;
      }
      finish({ ...response, body: '', message: frame.subarray(offset, offset + length).toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (response === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const [statusLine = '', ...headerLines] = head.split('\r\n');
        response = {
          head,
          status: Number(statusLine.split(' ')[1]),
          headers: headerLines.map((line) => {
            const colon = line.indexOf(':');
            return [line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string];
          }),
        };
        bodyStart = end + 4;
      }
      tryFrame();
    });
    socket.on('close', () => {
      if (response === null) {
        clearTimeout(timer);
        reject(
          new Error(
            `connection closed before a response; received ${JSON.stringify(buffer.toString('latin1'))}`,
          ),
        );
        return;
      }
      finish({ ...response, body: buffer.subarray(bodyStart).toString('utf8'), message: null });
    });
    socket.on('error', () => {
      // 'close' follows and settles the promise.
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
