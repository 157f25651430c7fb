// @ts-check
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';

/** A socket stand-in with the address fields Node's net.Socket has, so no file descriptor is used. */
class LoopbackSocket extends Duplex {
  /** @param {string} address @param {number} port */
  constructor(address, port) {
    super();
    this.remoteAddress = address;
    this.remotePort = port;
    this.remoteFamily = address.includes(':') ? 'IPv6' : 'IPv4';
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

const userAgents = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'okhttp/4.12.0',
  'Python/3.12 websockets/13.1',
  'Go-http-client/1.1',
];
const languages = ['en-GB,en;q=0.9', 'de-DE,de;q=0.8,en;q=0.5', 'ja', 'fr-CA,fr;q=0.9,en-US;q=0.7'];
const protocols = ['chat.v2, chat.v1', 'chat.v2', 'graphql-transport-ws', 'chat.v1, json'];
const origins = ['https://app.example.com', 'https://beta.example.com', 'https://app.example.com:8443'];

/**
 * The forwarding chain of request `n`: none (a direct client), one trusted hop, or a longer chain
 * through two proxies, IPv4 and IPv6 clients.
 * @param {number} n
 * @returns {{ socket: string; header: string | null }}
 */
function forwarding(n) {
  const client4 = `203.0.${(n * 7) & 255}.${(n * 13 + 1) & 255}`;
  const client6 = `2001:db8:${((n * 31) & 0xffff).toString(16)}::${(n & 255).toString(16)}`;
  switch (n % 5) {
    case 0:
      return { socket: client4, header: null };
    case 1:
      return { socket: '127.0.0.1', header: client4 };
    case 2:
      return { socket: '127.0.0.1', header: `${client6}` };
    case 3:
      return { socket: '::1', header: `${client4}, 10.1.${n & 255}.2` };
    default:
      return { socket: '127.0.0.1', header: `198.51.100.${n & 255}, ${client4}, 127.0.0.1` };
  }
}

/**
 * The raw bytes of upgrade request `n`, one of many shapes: 7 user agents, 4 header orders, direct
 * clients and 1 to 3 forwarding hops (IPv4, IPv6), 0 to 6 cookies, header or subprotocol tokens,
 * 1 to 5 query parameters. Every request's strings are its own, as a real parser makes them.
 * @param {number} n
 * @returns {{ bytes: string; socket: string }}
 */
export function rawUpgradeRequest(n) {
  const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLSR7bn0iLCJpYXQiOjE3MDAwMDAwMDB9.${String(n).padStart(8, '0')}sig${'x'.repeat(16 + (n % 24))}`;
  const hop = forwarding(n);
  const query = ['room=lobby', 'v=2', `session=${n}`, 'lang=de', 'since=1700000000'].slice(0, 1 + (n % 5));
  const cookies = [
    'theme=dark',
    `sid=s${n}`,
    'lang=en',
    '_ga=GA1.2.1234567.1700000000',
    'consent=yes',
    'x=1',
  ];
  const protocol = protocols[n % protocols.length];
  /** @type {string[]} */
  const lines = [
    'Host: api.example.com',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${Buffer.from(`key-${String(n).padStart(11, '0')}`).toString('base64')}`,
    'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
    `Sec-WebSocket-Protocol: ${n % 4 === 3 ? `${protocol}, base64url.bearer.authorization.k8s.io.${Buffer.from(token).toString('base64url')}` : protocol}`,
    `Origin: ${origins[n % origins.length]}`,
    `User-Agent: ${userAgents[n % userAgents.length]}`,
    `Accept-Language: ${languages[n % languages.length]}`,
  ];
  if (n % 4 !== 3) lines.push(`Authorization: Bearer ${token}`);
  if (hop.header !== null) lines.push(`X-Forwarded-For: ${hop.header}`, 'X-Forwarded-Proto: https');
  if (n % 7 !== 0) lines.push(`Cookie: ${cookies.slice(0, n % 7).join('; ')}`);
  if (n % 3 === 0) lines.push('Cache-Control: no-cache', 'Pragma: no-cache');
  // Four header orders: as listed, reversed, Host last, and rotated by n.
  const order = n % 4;
  const ordered =
    order === 0
      ? lines
      : order === 1
        ? [...lines].reverse()
        : order === 2
          ? [...lines.slice(1), /** @type {string} */ (lines[0])]
          : [...lines.slice(n % lines.length), ...lines.slice(0, n % lines.length)];
  return {
    bytes: [`GET /v1/rooms/lobby/stream?${query.join('&')} HTTP/1.1`, ...ordered, '', ''].join('\r\n'),
    socket: hop.socket,
  };
}

/**
 * Parses `count` upgrade requests (numbered from `first`) with Node's own HTTP parser and hands each
 * IncomingMessage to `onRequest` as it arrives.
 * @param {number} count
 * @param {(request: import('node:http').IncomingMessage) => void} onRequest
 * @param {number} [first]
 * @returns {Promise<void>}
 */
export function parseUpgradeRequests(count, onRequest, first = 0) {
  const server = createServer();
  return new Promise((resolve) => {
    let seen = 0;
    server.on('upgrade', (request) => {
      onRequest(request);
      seen++;
      if (seen === count) resolve();
    });
    for (let n = first; n < first + count; n++) {
      const { bytes, socket: address } = rawUpgradeRequest(n);
      const socket = new LoopbackSocket(address, 40000 + (n % 20000));
      server.emit('connection', socket);
      socket.push(bytes);
    }
  });
}
