import { Checks, expectControlArrives, expectRefusedUpFront } from './_checks.js';
import type { Scenario } from './_types.js';

const RESERVED: readonly [string, string][] = [
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ['Sec-WebSocket-Version', '8'],
  ['Sec-WebSocket-Protocol', 'viaheader'],
  ['Sec-WebSocket-Extensions', 'x-custom-ext'],
  ['Sec-WebSocket-Accept', 'x'],
  ['Upgrade', 'h2c'],
  ['Connection', 'keep-alive'],
  ['Host', 'example.com:1234'],
  ['Content-Length', '0'],
  ['Transfer-Encoding', 'chunked'],
  ['Keep-Alive', 'timeout=5'],
  ['Expect', '100-continue'],
];

export const reservedRefused: Scenario = {
  id: 'reserved-refused',
  title: 'Every reserved header is refused with RESERVED_HEADER and no connection is made',
  perServer: false,
  async run(cell) {
    const checks = new Checks();
    if (!(await expectControlArrives(checks, cell, '/reserved/control'))) return checks.verdict();
    for (const [name, value] of RESERVED) {
      const record = await cell.attempt({
        path: '/reserved',
        options: { headers: { shape: 'record', value: { 'X-Fine': '1', [name]: value } } },
        timeoutMs: 2_000,
      });
      expectRefusedUpFront(checks, cell, record, 'RESERVED_HEADER', name);
    }
    return checks.verdict();
  },
};
