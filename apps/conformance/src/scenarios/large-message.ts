import { Checks } from './_checks.js';
import {
  ALL_BYTES,
  base64,
  binaryKind,
  CLOSE_DONE,
  eventsOf,
  expectMessage,
  expectOneClose,
  healthy,
  serverEvents,
  textData,
  WAIT_MS,
} from './_connection.js';
import type { Scenario } from './_types.js';

/** 1 MiB of UTF-8: 'é' is 2 bytes. */
const TEXT_UNIT = 'é';
const TEXT_REPEAT = 512 * 1024;
/** 1 MiB of bytes: the 256 byte values 4096 times. */
const BYTES_REPEAT = 4096;

function repeated(unit: Uint8Array, count: number): Uint8Array {
  const bytes = new Uint8Array(unit.length * count);
  for (let index = 0; index < count; index++) bytes.set(unit, index * unit.length);
  return bytes;
}

export const largeMessage: Scenario = {
  id: 'large-message',
  title: 'A 1 MiB text and a 1 MiB binary message make the round trip intact, one event each',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  async run(cell) {
    const checks = new Checks();
    const record = await cell.connection({
      peer: 'server',
      binaryType: 'arraybuffer',
      steps: [
        { op: 'send', data: textData(TEXT_UNIT, TEXT_REPEAT) },
        {
          op: 'send',
          data: { kind: 'binary', base64: base64(ALL_BYTES), view: 'uint8array', repeat: BYTES_REPEAT },
        },
        { op: 'await-messages', count: 2, timeoutMs: WAIT_MS * 2 },
        ...CLOSE_DONE,
      ],
    });
    const outcome = healthy(checks, record, '1 MiB');
    if (outcome === null) return checks.verdict();
    const text = TEXT_UNIT.repeat(TEXT_REPEAT);
    const bytes = repeated(ALL_BYTES, BYTES_REPEAT);
    const messages = eventsOf(outcome, 'message');
    checks.that(messages.length === 2, `client: ${messages.length} messages, expected 2`);
    expectMessage(checks, messages[0], 'text', text, 'client: 1 MiB text');
    expectMessage(checks, messages[1], binaryKind(cell, 'client'), bytes, 'client: 1 MiB binary');
    expectOneClose(checks, outcome, { code: 1000, wasClean: true }, 'client');
    const received = serverEvents(checks, record.server, 'server').filter(
      (event) => event.type === 'message',
    );
    expectMessage(checks, received[0], 'text', text, 'server: 1 MiB text');
    expectMessage(checks, received[1], binaryKind(cell, 'server'), bytes, 'server: 1 MiB binary');
    return checks.verdict();
  },
};
