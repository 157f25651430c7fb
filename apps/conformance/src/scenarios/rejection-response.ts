import { connect } from 'node:net';
import { handshakeLines, requestBytes } from '@ws-compat/wire';
import { headerLines, parseHead, showBytes, statusCode } from '../http-head.js';
import { Checks } from './_checks.js';
import type { Scenario } from './_types.js';

/** How long the refusal may take to arrive whole (a server that keeps the connection open waits it out). */
export const RESPONSE_WAIT_MS = 3_000;

/**
 * What every server adapter's `reject` configuration refuses with, the framework's way: status 401,
 * `WWW-Authenticate: Bearer` (RFC 9110 15.5.2: a 401 must carry one) and this body.
 */
export const REJECTION = { status: 401, wwwAuthenticate: 'Bearer', body: 'unauthorized\n' } as const;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * The body of a recorded response, as Latin-1 text: `Content-Length` bytes after the head, the
 * decoded chunks when `Transfer-Encoding: chunked`, else every byte after the head (read until close).
 * Returns a problem instead when the framing does not hold.
 *
 * @param bytes what the server sent on the connection
 */
export function responseBody(bytes: Buffer): { body: string } | { problem: string; incomplete?: true } {
  const head = parseHead(bytes);
  if (head === null) return { problem: 'no complete response head', incomplete: true };
  const rest = bytes.subarray(bytes.indexOf(HEAD_END) + HEAD_END.length);
  const chunked = headerLines(head, 'transfer-encoding').some((line) =>
    line.value.toLowerCase().includes('chunked'),
  );
  if (chunked) {
    let body = '';
    let offset = 0;
    while (offset < rest.length) {
      const lineEnd = rest.indexOf('\r\n', offset, 'latin1');
      if (lineEnd === -1) return { problem: `a chunk size line without CRLF at byte ${offset}` };
      const size = Number.parseInt(rest.toString('latin1', offset, lineEnd), 16);
      if (!Number.isInteger(size) || size < 0) return { problem: `a bad chunk size at byte ${offset}` };
      if (size === 0) return { body };
      body += rest.toString('latin1', lineEnd + 2, lineEnd + 2 + size);
      offset = lineEnd + 2 + size + 2;
    }
    return { problem: 'the chunked body has no last chunk', incomplete: true };
  }
  const lengths = headerLines(head, 'content-length');
  // no framing: the body is what came before the close (the caller reads until then)
  if (lengths.length === 0) return { body: rest.toString('latin1') };
  const length = Number(lengths[0]!.value.trim());
  if (lengths.length > 1 || !Number.isInteger(length) || length < 0)
    return { problem: `Content-Length ${JSON.stringify(lengths.map((line) => line.value))}` };
  if (rest.length < length)
    return {
      problem: `Content-Length ${length}, but ${rest.length} byte(s) arrived before the close`,
      incomplete: true,
    };
  return { body: rest.toString('latin1', 0, length) };
}

/**
 * Sends a WebSocket opening request on a plain socket and reads the answer until it is complete: its
 * Content-Length or last chunk read, or, unframed, the server's close. Never a client that hangs up
 * after the head (ws does), so a body written after the head still arrives. Bounded by `timeoutMs`.
 */
function readRefusal(
  port: number,
  target: string,
  timeoutMs: number,
): Promise<{ bytes: Buffer; ending: string }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    let bytes = Buffer.alloc(0);
    let settled = false;
    const settle = (ending: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes, ending });
    };
    const timer = setTimeout(() => settle(`no complete response within ${timeoutMs} ms`), timeoutMs);
    socket.on('connect', () => {
      const lines = handshakeLines({
        target,
        host: `127.0.0.1:${port}`,
        headers: [['Sec-WebSocket-Protocol', 'chat']],
      });
      socket.write(requestBytes(lines));
    });
    socket.on('data', (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      const body = responseBody(bytes);
      const framed = parseHead(bytes)?.headers.some((line) =>
        ['content-length', 'transfer-encoding'].includes(line.name.toLowerCase()),
      );
      if (framed === true && !('incomplete' in body)) settle('complete');
    });
    socket.on('end', () => settle('closed by the server'));
    socket.on('error', (error) => settle(`socket error: ${error.message}`));
  });
}

/**
 * The server's refusal as it reaches the wire, read whole from a plain socket (the reference client's
 * column: ws 8): hono's lost 401
 * body and WWW-Authenticate (issue 14) is this scenario's finding. Only the server is judged: the
 * reference client's own handling of a 401 is `failure-settles`.
 */
export const rejectionResponse: Scenario = {
  id: 'rejection-response',
  title:
    "A server refusing the handshake its framework's way with 401, WWW-Authenticate: Bearer and a body delivers exactly that on the wire",
  perServer: false,
  sharesClient: true,
  reference: ['every-server'],
  async run(cell) {
    const checks = new Checks();
    const target = cell.rawTarget('reject');
    const { bytes, ending } = await readRefusal(target.port, `${target.path}/rejection`, RESPONSE_WAIT_MS);
    const head = parseHead(bytes);
    if (head === null) {
      checks.that(false, `no complete response head (${ending}; ${bytes.length} byte(s))`);
      return checks.verdict();
    }
    checks.equal(statusCode(head), REJECTION.status, 'status');
    checks.equal(
      headerLines(head, 'www-authenticate').map((line) => line.value),
      [REJECTION.wwwAuthenticate],
      'WWW-Authenticate lines',
    );
    checks.that(
      ending === 'complete' || ending === 'closed by the server',
      `the response did not end: ${ending}`,
    );
    const body = responseBody(bytes);
    if ('problem' in body) checks.that(false, `body: ${body.problem} (${ending})`);
    else checks.equal(showBytes(body.body), showBytes(REJECTION.body), 'body');
    return checks.verdict();
  },
};
