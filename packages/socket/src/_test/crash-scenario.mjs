// Test-only, run by a child Node process: one input that crashes an unwrapped client, sent to a wrapped
// one. No uncaughtException handler is installed: if anything escapes, the process dies (rc 1).
// argv: <facade index.js> <wire index.js> <'ws' | 'undici'> <package path> <scenario>
import { createRequire } from 'node:module';

const [facadePath, wirePath, family, packagePath, scenario] = process.argv.slice(2);
const { wrapSocket } = await import(facadePath);
const wire = await import(wirePath);
const require = createRequire(import.meta.url);
const loaded = require(packagePath);
const WebSocket = family === 'undici' ? loaded.WebSocket : loaded;

const server = await wire.startRawServer();
const socket = wrapSocket(new WebSocket(server.url), {
  onListenerError: () => console.log('"listener error"'),
});
const events = [];
socket.addEventListener('message', (event) => {
  events.push(['message', event.data]);
  if (scenario === 'throwing listener' && event.data === 'm1') throw new Error('listener bug');
});
socket.addEventListener('close', (event) => events.push(['close', event.code]));
const connection = await server.nextConnection();
await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));

if (scenario === "close code 1005 after the client's close") {
  // undici 5 only parses a close frame into a crash before it has written its own close frame
  socket.close(1000);
  await connection.waitForEvent(
    (event) => event.type === 'frame' && event.frame.opcode === wire.Opcode.CLOSE,
    3000,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const inputs = {
  'protocol error, no error listener': [wire.textFrame('hi', { rsv1: true })],
  'throwing listener': [
    wire.textFrame('m1'),
    wire.textFrame('m2'),
    wire.textFrame('m3'),
    wire.closeFrame(1000),
  ],
  'unsolicited pong': [wire.pongFrame('zzz'), wire.textFrame('after')],
  'close reason with invalid UTF-8': [wire.closeFrame(1000, new Uint8Array([0xff, 0xfe]))],
  'close code 1005 in a close frame': [wire.closeFrame(1005)],
  "close code 1005 after the client's close": [wire.closeFrame(1005)],
};
await connection.write(inputs[scenario]);
// a well-behaved server: echo the client's close frame (if the server did not send one), then end TCP
await connection
  .waitForEvent((event) => event.type !== 'frame' || event.frame.opcode === wire.Opcode.CLOSE, 3000)
  .then(async (event) => {
    const sentClose = inputs[scenario].some((bytes) => (bytes[0] & 0x0f) === wire.Opcode.CLOSE);
    if (event.type === 'frame' && !sentClose) {
      await connection.write(wire.encodeFrame({ opcode: wire.Opcode.CLOSE, payload: event.frame.payload }));
    }
    connection.end();
  })
  .catch(() => connection.destroy());
const start = Date.now();
while (!events.some((event) => event[0] === 'close') && Date.now() - start < 5000) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(JSON.stringify(events));
await server.close();
console.log('"alive"');
process.exit(0);
