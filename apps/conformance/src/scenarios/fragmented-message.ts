import { connectRaw, fragmentFrames, Opcode } from '@ws-compat/wire';
import type { Checks } from './_checks.js';
import {
  answerClose,
  binaryKind,
  byHalves,
  eventsOf,
  expectMessage,
  expectOneClose,
  lived,
  noErrors,
  opened,
  serverEvents,
  WAIT_MS,
  withRawServer,
} from './_connection.js';
import type { CellContext, Scenario } from './_types.js';

const TEXT_PARTS = ['hö', 'llo', ' w'];
const TEXT = TEXT_PARTS.join('');
const BYTE_PARTS = [Uint8Array.of(0, 1, 2), Uint8Array.of(3, 4), Uint8Array.of(255)];
const BYTES = Uint8Array.of(0, 1, 2, 3, 4, 255);

/** A raw server sends both messages in three fragments each; the client must see two messages. */
async function clientSide(cell: CellContext, checks: Checks): Promise<void> {
  await withRawServer({}, async (server) => {
    const recording = cell.connection({
      peer: { url: server.url },
      binaryType: 'arraybuffer',
      steps: [
        { op: 'await-messages', count: 2, timeoutMs: WAIT_MS },
        { op: 'close', code: 1000 },
        { op: 'await-close', timeoutMs: WAIT_MS },
      ],
    });
    const peer = await server.next();
    await peer.write([
      ...fragmentFrames(Opcode.TEXT, TEXT_PARTS),
      ...fragmentFrames(Opcode.BINARY, BYTE_PARTS),
    ]);
    await answerClose(peer);
    const outcome = lived(checks, await recording, 'fragments');
    if (outcome === null || !opened(checks, outcome, 'fragments') || !noErrors(checks, outcome, 'client'))
      return;
    const messages = eventsOf(outcome, 'message');
    checks.that(messages.length === 2, `client: ${messages.length} messages from 2 fragmented ones`);
    expectMessage(checks, messages[0], 'text', TEXT, 'client: 3-fragment text');
    expectMessage(checks, messages[1], binaryKind(cell, 'client'), BYTES, 'client: 3-fragment binary');
    expectOneClose(checks, outcome, { code: 1000, wasClean: true }, 'client');
  });
}

/** A raw client sends both messages in three fragments each; the server must echo two whole messages. */
async function serverSide(cell: CellContext, checks: Checks): Promise<void> {
  const target = cell.rawTarget();
  const peer = await connectRaw(`ws://127.0.0.1:${target.port}${target.path}`);
  try {
    await peer.write([
      ...fragmentFrames(Opcode.TEXT, TEXT_PARTS, { mask: true }),
      ...fragmentFrames(Opcode.BINARY, BYTE_PARTS, { mask: true }),
    ]);
    const echoes = [await peer.nextFrame(WAIT_MS), await peer.nextFrame(WAIT_MS)];
    checks.equal(
      echoes.map((frame) => [frame.opcode, frame.fin, frame.payload.toString('hex')]),
      [
        [Opcode.TEXT, true, Buffer.from(TEXT).toString('hex')],
        [Opcode.BINARY, true, Buffer.from(BYTES).toString('hex')],
      ],
      'server: echoed frames [opcode, fin, payload]',
    );
    await peer.sendClose(1000);
    await peer.nextFrame(WAIT_MS);
  } catch (error) {
    checks.that(false, `server: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    peer.destroy();
  }
  const report = await target.report(WAIT_MS, true);
  const received = serverEvents(checks, report, 'server').filter((event) => event.type === 'message');
  checks.that(received.length === 2, `server: ${received.length} message events from 2 fragmented messages`);
  expectMessage(checks, received[0], 'text', TEXT, 'server: 3-fragment text');
  expectMessage(checks, received[1], binaryKind(cell, 'server'), BYTES, 'server: 3-fragment binary');
}

export const fragmentedMessage: Scenario = {
  id: 'fragmented-message',
  title:
    'A text and a binary message in three fragments each arrive as two whole messages (raw wire-kit peer)',
  perServer: false,
  sharesClient: true,
  reference: ['clients', 'servers'],
  run: byHalves(clientSide, serverSide),
};
