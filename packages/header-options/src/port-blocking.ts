// Fetch's port blocking (https://fetch.spec.whatwg.org/#port-blocking): a fetch whose URL is HTTP(S)
// and whose port is a "bad port" fails with a network error before any connection is made. The
// WebSocket standard opens its handshake as such a fetch, with ws: and wss: turned into http: and
// https:, so undici, Node's global WebSocket and browsers refuse these ports and report no reason.
// ws does not implement Fetch and connects to them.
//
// The list is the Fetch standard's, port and typical service, as read from the spec source in
// November 2026 (port 0 added by whatwg/fetch#1847 in August 2025; 4190 and 6679 by whatwg/fetch#1663
// in 2024). Measured against the implementations (see port-blocking.test.ts):
//   undici 6.29.1, 7.30.2, 8.12.4 and Node 20's undici 6.24.1 list every port below except 0 (a
//     connection to port 0 is attempted and fails);
//   undici 5.29.0 also lacks 4190 and 6679 (added to undici in nodejs/undici#3059, 6.x).
// The shim refuses the whole list on every Fetch-based implementation, so code behaves the same on
// all of them and in browsers.
const BAD_PORTS: ReadonlyMap<string, string> = new Map([
  ['0', ''],
  ['1', 'tcpmux'],
  ['7', 'echo'],
  ['9', 'discard'],
  ['11', 'systat'],
  ['13', 'daytime'],
  ['15', 'netstat'],
  ['17', 'qotd'],
  ['19', 'chargen'],
  ['20', 'ftp-data'],
  ['21', 'ftp'],
  ['22', 'ssh'],
  ['23', 'telnet'],
  ['25', 'smtp'],
  ['37', 'time'],
  ['42', 'name'],
  ['43', 'nicname'],
  ['53', 'domain'],
  ['69', 'tftp'],
  ['77', ''],
  ['79', 'finger'],
  ['87', ''],
  ['95', 'supdup'],
  ['101', 'hostname'],
  ['102', 'iso-tsap'],
  ['103', 'gppitnp'],
  ['104', 'acr-nema'],
  ['109', 'pop2'],
  ['110', 'pop3'],
  ['111', 'sunrpc'],
  ['113', 'auth'],
  ['115', 'sftp'],
  ['117', 'uucp-path'],
  ['119', 'nntp'],
  ['123', 'ntp'],
  ['135', 'epmap'],
  ['137', 'netbios-ns'],
  ['139', 'netbios-ssn'],
  ['143', 'imap'],
  ['161', 'snmp'],
  ['179', 'bgp'],
  ['389', 'ldap'],
  ['427', 'svrloc'],
  ['465', 'submissions'],
  ['512', 'exec'],
  ['513', 'login'],
  ['514', 'shell'],
  ['515', 'printer'],
  ['526', 'tempo'],
  ['530', 'courier'],
  ['531', 'chat'],
  ['532', 'netnews'],
  ['540', 'uucp'],
  ['548', 'afp'],
  ['554', 'rtsp'],
  ['556', 'remotefs'],
  ['563', 'nntps'],
  ['587', 'submission'],
  ['601', 'syslog-conn'],
  ['636', 'ldaps'],
  ['989', 'ftps-data'],
  ['990', 'ftps'],
  ['993', 'imaps'],
  ['995', 'pop3s'],
  ['1719', 'h323gatestat'],
  ['1720', 'h323hostcall'],
  ['1723', 'pptp'],
  ['2049', 'nfs'],
  ['3659', 'apple-sasl'],
  ['4045', 'npp'],
  ['4190', 'sieve'],
  ['5060', 'sip'],
  ['5061', 'sips'],
  ['6000', 'x11'],
  ['6566', 'sane-port'],
  ['6665', 'ircu'],
  ['6666', 'ircu'],
  ['6667', 'ircu'],
  ['6668', 'ircu'],
  ['6669', 'ircu'],
  ['6679', 'osaut'],
  ['6697', 'ircs-u'],
  ['10080', 'amanda'],
]);

/** The Fetch standard's bad ports, in its order. */
export const FETCH_BAD_PORTS: readonly number[] = Object.freeze([...BAD_PORTS.keys()].map(Number));

/**
 * The typical service of a bad port (`''` when the standard names none), or `undefined` when the
 * port is not blocked.
 *
 * @param port - `URL#port`: the port as written, `''` for the scheme's default (never blocked).
 */
export function badPortService(port: string): string | undefined {
  return BAD_PORTS.get(port);
}
