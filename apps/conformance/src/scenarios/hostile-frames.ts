import { closeFrame, pongFrame, textFrame } from '@ws-compat/wire';
import { Checks } from './_checks.js';
import {
  answerClose,
  awaitOpened,
  eventsOf,
  expectMessage,
  expectOneClose,
  lived,
  noErrors,
  opened,
  SAY_OPENED,
  WAIT_MS,
  withRawServer,
} from './_connection.js';
import type { Scenario } from './_types.js';

/**
 * The inputs that crash undici 5.29 (after-handshake-facts.md), each on its own connection: the
 * process must live and the socket must close once. The peer writes them once the client opened.
 */
const INPUTS: readonly { label: string; frames: Uint8Array[]; closes: boolean }[] = [
  { label: 'unsolicited pong', frames: [pongFrame('unasked'), textFrame('after the pong')], closes: false },
  {
    label: 'invalid UTF-8 close reason',
    frames: [closeFrame(1000, Uint8Array.of(0x68, 0xff, 0xfe))],
    closes: true,
  },
  { label: 'close code 1005 in a close frame', frames: [closeFrame(1005)], closes: true },
];

export const hostileFrames: Scenario = {
  id: 'hostile-frames',
  title:
    'An unsolicited pong is ignored; a close frame with an invalid UTF-8 reason or with code 1005 fails the connection: the process lives and one close event comes',
  perServer: false,
  reference: ['clients'],
  async run(cell) {
    const checks = new Checks();
    for (const input of INPUTS) {
      await withRawServer({}, async (server) => {
        const recording = cell.connection({
          peer: { url: server.url },
          steps: input.closes
            ? [SAY_OPENED, { op: 'await-close', timeoutMs: WAIT_MS }]
            : [
                SAY_OPENED,
                { op: 'await-messages', count: 1, timeoutMs: WAIT_MS },
                { op: 'close', code: 1000 },
                { op: 'await-close', timeoutMs: WAIT_MS },
              ],
        });
        const peer = await server.next();
        // after the client's first message: a bad frame right behind the 101 races its open event
        checks.that(await awaitOpened(peer), `${input.label}: the client sent no message after open`);
        await peer.write(input.frames);
        await answerClose(peer);
        const outcome = lived(checks, await recording, input.label);
        if (outcome === null || !opened(checks, outcome, input.label)) return;
        if (input.closes) {
          // 1002 / 1007 from the client's close frame, or 1006 (error + close): never a clean close
          expectOneClose(checks, outcome, { code: [1002, 1006, 1007], wasClean: false }, input.label);
        } else if (noErrors(checks, outcome, input.label)) {
          const messages = eventsOf(outcome, 'message');
          checks.that(
            messages.length === 1,
            `${input.label}: ${messages.length} messages, expected only the text`,
          );
          expectMessage(checks, messages[0], 'text', 'after the pong', `${input.label}: the text after it`);
          expectOneClose(checks, outcome, { code: 1000, wasClean: true }, input.label);
        }
      });
    }
    return checks.verdict();
  },
};
