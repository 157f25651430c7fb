import { handshakeLines, rawExchange, requestBytes } from '@ws-compat/wire';
import { Checks } from './_checks.js';
import { WAIT_MS } from './_connection.js';
import type { Scenario } from './_types.js';

export const splitProtocolLines: Scenario = {
  id: 'split-protocol-lines',
  title:
    'Subprotocols offered on two Sec-WebSocket-Protocol lines (RFC 9110: one list) are both seen: the server selects chat from the second line',
  perServer: false,
  sharesClient: true,
  reference: ['every-server'],
  async run(cell) {
    const checks = new Checks();
    const target = cell.rawTarget();
    const lines = handshakeLines({
      target: `${target.path}/split-protocols`,
      host: `127.0.0.1:${target.port}`,
      headers: [
        ['Sec-WebSocket-Protocol', 'other'],
        ['Sec-WebSocket-Protocol', 'chat'],
      ],
    });
    try {
      const response = await rawExchange({
        port: target.port,
        request: requestBytes(lines),
        awaitFrame: false,
        leave: 'close',
        timeoutMs: WAIT_MS,
      });
      const selected = response.headers
        .filter(([name]) => name.toLowerCase() === 'sec-websocket-protocol')
        .map(([, value]) => value);
      checks.equal([response.status, selected], [101, ['chat']], '[status, selected protocols]');
    } catch (error) {
      checks.that(false, `the exchange failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const report = await target.report(WAIT_MS);
    if (report !== null) {
      const offered = report.offered ?? report.context?.subprotocols ?? null;
      checks.equal(offered, ['other', 'chat'], "the offer as the server's app saw it");
    } else checks.that(false, 'the server reported no connection');
    return checks.verdict();
  },
};
