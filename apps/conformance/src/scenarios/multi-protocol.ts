import { headerLines } from '../http-head.js';
import { Checks, describeFailure, expectOpened, protocolList } from './_checks.js';
import type { Scenario } from './_types.js';

const OFFERED = ['superchat', 'chat'];

export const multiProtocol: Scenario = {
  id: 'multi-protocol',
  title: 'Offering two app subprotocols works, or is refused up front with TOO_MANY_SUBPROTOCOLS',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const record = await cell.attempt({ path: '/multi', options: { protocols: OFFERED } });
    const { error } = record.outcome;
    if (!record.outcome.opened && error?.code === 'TOO_MANY_SUBPROTOCOLS') {
      const reached = record.connections.length;
      return {
        ok: false,
        reason:
          reached === 0
            ? 'refused up front with TOO_MANY_SUBPROTOCOLS (no connection)'
            : `TOO_MANY_SUBPROTOCOLS, yet ${reached} connection(s) reached the recorder: ${describeFailure(error)}`,
      };
    }
    if (!expectOpened(checks, record, 'connect')) return checks.verdict();
    checks.equal(protocolList(record.request), OFFERED, 'offered in the request bytes');
    const selected = record.response === null ? [] : headerLines(record.response, 'sec-websocket-protocol');
    checks.that(
      selected.length === 1 && OFFERED.includes(selected[0]!.value),
      'the response selects one offered protocol',
    );
    checks.equal(record.outcome.protocol, selected[0]?.value ?? null, 'client protocol vs response bytes');
    checks.equal(
      record.server?.protocol ?? null,
      selected[0]?.value ?? null,
      'server protocol vs response bytes',
    );
    return checks.verdict();
  },
};
