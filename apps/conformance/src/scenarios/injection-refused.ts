import type { AttemptOptions } from '../child/protocol.js';
import { Checks, expectControlArrives, expectRefusedUpFront } from './_checks.js';
import type { Scenario } from './_types.js';

const CASES: readonly { label: string; options: AttemptOptions; code: string }[] = [
  ...(
    [
      ['CRLF', 'a\r\nX-Injected: 1'],
      ['LF', 'a\nX-Injected: 1'],
      ['CR', 'a\rb'],
      ['NUL', 'a\u0000b'],
      ['DEL', 'a\u007fb'],
      ['above U+00FF', '\u65e5\u672c'],
    ] as const
  ).map(([label, value]) => ({
    label: `value with ${label}`,
    options: { headers: { shape: 'record' as const, value: { 'X-Value': value } } },
    code: 'INVALID_HEADER_VALUE',
  })),
  ...(
    [
      ['space', 'X Bad'],
      ['colon', 'X:Bad'],
      ['CRLF', 'X-A\r\nX-B'],
      ['empty', ''],
      ['non-ASCII', 'X-\u00dcmlaut'],
    ] as const
  ).map(([label, name]) => ({
    label: `name with ${label}`,
    options: { headers: { shape: 'pairs' as const, entries: [[name, 'v']] as [string, string][] } },
    code: 'INVALID_HEADER_NAME',
  })),
  {
    label: 'subprotocol with CRLF',
    options: { protocols: ['chat\r\nX-Injected: 1'] },
    code: 'INVALID_SUBPROTOCOL',
  },
  { label: 'subprotocol with a space', options: { protocols: ['bad proto'] }, code: 'INVALID_SUBPROTOCOL' },
];

export const injectionRefused: Scenario = {
  id: 'injection-refused',
  title: 'CR/LF/NUL, values above U+00FF and bad names are refused with the right code; no connection',
  perServer: false,
  async run(cell) {
    const checks = new Checks();
    if (!(await expectControlArrives(checks, cell, '/injection/control'))) return checks.verdict();
    for (const { label, options, code } of CASES) {
      const record = await cell.attempt({ path: '/injection', options, timeoutMs: 2_000 });
      expectRefusedUpFront(checks, cell, record, code, label);
    }
    return checks.verdict();
  },
};
