// @ts-check

// What an honest client looks like to the servers of the load run, shared by server and clients.

/** The only origin the servers with a context accept. */
export const allowedOrigin = 'https://app.example.test';
/** The token honest clients carry; the context server only requires one to be present. */
export const honestToken = 'load-run-token.7f3a9c';
/** The application subprotocol. */
export const applicationProtocol = 'chat';
/** The reverse proxy the context server trusts: honest clients connect from here. */
export const trustedProxyAddress = '127.0.0.1';
/** Another loopback address, not trusted: forged X-Forwarded-For comes from here. */
export const untrustedPeerAddress = '127.0.0.2';

/**
 * The client address an honest request claims through the trusted proxy (TEST-NET-2 range).
 *
 * @param {number} index
 */
export function honestClientAddress(index) {
  return `198.51.100.${(index % 250) + 1}`;
}

/**
 * Header lines of an honest handshake, as the raw client sends them.
 *
 * @param {number} index
 * @returns {[string, string][]}
 */
export function honestHeaderLines(index) {
  return [
    ['Origin', allowedOrigin],
    ['Authorization', `Bearer ${honestToken}`],
    ['Sec-WebSocket-Protocol', applicationProtocol],
    ['X-Forwarded-For', honestClientAddress(index)],
    ['User-Agent', 'ws-compat-load/1'],
  ];
}

/** The text message each honest client sends; the servers echo it. */
export const echoMessage = 'ping';
/** The text message that makes a server answer with what its context says about the connection. */
export const whoamiMessage = 'whoami';
