// @ts-check
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';

/** A socket stand-in with the address fields Node's net.Socket has, so no file descriptor is used. */
class LoopbackSocket extends Duplex {
  /** @param {number} port */
  constructor(port) {
    super();
    this.remoteAddress = '127.0.0.1';
    this.remotePort = port;
    this.remoteFamily = 'IPv4';
    this.encrypted = false;
  }
  _read() {}
  /** @param {unknown} _chunk @param {string} _encoding @param {() => void} callback */
  _write(_chunk, _encoding, callback) {
    callback();
  }
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
}

/**
 * The raw bytes of a realistic browser upgrade request behind one nginx hop: 14 headers, 3 query
 * parameters and a bearer token. `n` makes every request's strings its own, as a real parser does.
 * @param {number} n
 */
export function rawUpgradeRequest(n) {
  const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLSR7bn0iLCJpYXQiOjE3MDAwMDAwMDB9.${String(n).padStart(8, '0')}sig${'x'.repeat(32)}`;
  return [
    `GET /v1/rooms/lobby/stream?room=lobby&v=2&session=${n} HTTP/1.1`,
    'Host: api.example.com',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${Buffer.from(`key-${String(n).padStart(11, '0')}`).toString('base64')}`,
    'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
    'Sec-WebSocket-Protocol: chat.v2, chat.v1',
    'Origin: https://app.example.com',
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    `Authorization: Bearer ${token}`,
    `X-Forwarded-For: 203.0.${(n >> 8) & 255}.${n & 255}`,
    'X-Forwarded-Proto: https',
    `Cookie: theme=dark; lang=en; sid=s${n}`,
    'Accept-Language: en-GB,en;q=0.9',
    '',
    '',
  ].join('\r\n');
}

/**
 * Parses `count` upgrade requests with Node's own HTTP parser and hands each IncomingMessage to
 * `onRequest` as it arrives.
 * @param {number} count
 * @param {(request: import('node:http').IncomingMessage) => void} onRequest
 * @returns {Promise<void>}
 */
export function parseUpgradeRequests(count, onRequest) {
  const server = createServer();
  return new Promise((resolve) => {
    let seen = 0;
    server.on('upgrade', (request) => {
      onRequest(request);
      seen++;
      if (seen === count) resolve();
    });
    for (let n = 0; n < count; n++) {
      const socket = new LoopbackSocket(40000 + (n % 20000));
      server.emit('connection', socket);
      socket.push(rawUpgradeRequest(n));
    }
  });
}
