// Test-only, run by a child Node process: the facade over one WebSocket implementation (Node's global,
// or an undici package) against the raw wire server, printing one JSON line per scenario. Every runtime
// must print the same lines; the parent test compares them with one expected table.
// argv: <facade index.js> <wire index.js> <'global' | path of an undici package>
import { createRequire } from 'node:module';

const [facadePath, wirePath, source] = process.argv.slice(2);
const { wrapSocket } = await import(facadePath);
const wire = await import(wirePath);
const require = createRequire(import.meta.url);
const WebSocket = source === 'global' ? globalThis.WebSocket : require(source).WebSocket;
const { Opcode } = wire;

const print = (name, result) => console.log(JSON.stringify({ name, result }));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition, ms = 5000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timeout');
    await sleep(5);
  }
};

const server = await wire.startRawServer();

async function open(options = {}) {
  const events = [];
  const listenerErrors = [];
  const socket = wrapSocket(new WebSocket(server.url), {
    onListenerError: (error) => listenerErrors.push(String(error)),
    ...options,
  });
  socket.addEventListener('message', (event) => events.push(['message', describe(event.data)]));
  socket.addEventListener('error', (event) => events.push(['error', event.error.code, event.message !== '']));
  socket.addEventListener('close', (event) =>
    events.push(['close', event.code, event.reason, event.wasClean, socket.readyState]),
  );
  const connection = await server.nextConnection();
  await until(() => socket.readyState === 1);
  return { socket, connection, events, listenerErrors };
}

function describe(data) {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return `ArrayBuffer ${Buffer.from(data).toString('hex')}`;
  if (Buffer.isBuffer(data)) return `Buffer ${data.toString('hex')}`;
  if (data instanceof Blob) return `Blob ${data.size}`;
  return `other ${String(data)}`;
}

const closed = (events) => events.some((event) => event[0] === 'close');
const endWhenClientEnds = async (connection) => {
  await connection.waitForEvent((event) => event.type !== 'frame' || event.frame.opcode === Opcode.CLOSE);
  connection.end();
};

const scenarios = {
  async 'text and binary per binaryType'() {
    const { socket, connection, events } = await open({ binaryType: 'nodebuffer' });
    await connection.write(wire.textFrame('héllo ✓'));
    await connection.write(wire.binaryFrame([1, 2]));
    await until(() => events.length === 2);
    socket.binaryType = 'bogus';
    socket.binaryType = 'arraybuffer';
    await connection.write(wire.binaryFrame([3]));
    await until(() => events.length === 3);
    socket.binaryType = 'blob';
    await connection.write(wire.binaryFrame([4, 5]));
    await until(() => events.length === 4);
    socket.close();
    return events;
  },
  async 'fragments with a ping inside'() {
    const { socket, connection, events } = await open();
    const parts = wire.fragmentFrames(Opcode.TEXT, ['a', 'b', 'c']);
    await connection.write([parts[0], wire.pingFrame('p'), parts[1], parts[2]]);
    await until(() => events.length === 1);
    socket.close();
    return events;
  },
  async 'invalid UTF-8 text'() {
    const { connection, events } = await open();
    await connection.write(wire.textFrame(new Uint8Array([0x68, 0xff])));
    await endWhenClientEnds(connection);
    await until(() => closed(events));
    return events;
  },
  async 'server close 4001 custom'() {
    const { connection, events } = await open();
    await connection.write(wire.closeFrame(4001, 'custom'));
    await connection.nextFrame();
    connection.end();
    await until(() => closed(events));
    return events;
  },
  async 'close validation, then close(undefined, why)'() {
    const { socket, connection, events } = await open();
    const thrown = [];
    for (const args of [[1001], [5000], [1000, 'x'.repeat(124)]]) {
      try {
        socket.close(...args);
      } catch (error) {
        thrown.push([error.name, socket.readyState]);
      }
    }
    socket.close(undefined, 'why');
    const frame = await connection.nextFrame();
    const payload = wire.decodeClosePayload(frame.payload);
    await connection.write(wire.closeFrame(1000, 'why'));
    connection.end();
    await until(() => closed(events));
    return { thrown, sent: [payload.code, payload.reasonText], events };
  },
  async 'close while CONNECTING'() {
    const hanging = (await import('node:net')).createServer(() => {});
    await new Promise((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const socket = wrapSocket(new WebSocket(`ws://127.0.0.1:${hanging.address().port}/`));
    const events = [];
    socket.addEventListener('error', (event) => events.push(['error', event.error.code]));
    socket.addEventListener('close', (event) => events.push(['close', event.code, event.wasClean]));
    socket.close();
    const inside = events.length;
    const info = await socket.closed;
    await sleep(100);
    hanging.close();
    return { inside, events, info, readyState: socket.readyState };
  },
  async 'send coercion'() {
    const { socket, connection } = await open();
    socket.send(null);
    socket.send([1, 2]);
    socket.send(new Uint16Array([0x0102]));
    socket.send(new DataView(new Uint8Array([7, 8]).buffer));
    socket.send(new Blob(['b']));
    socket.send('end');
    const frames = [];
    while (frames.length < 6) {
      const frame = await connection.nextFrame();
      if (frame.opcode === Opcode.PONG) continue;
      frames.push([
        frame.opcode,
        frame.opcode === Opcode.TEXT ? frame.payload.toString() : frame.payload.toString('hex'),
      ]);
    }
    let connectingError = null;
    try {
      wrapSocket(new WebSocket(server.url)).send('x');
    } catch (error) {
      connectingError = error.name;
    }
    await server.nextConnection();
    socket.close();
    return { frames, connectingError };
  },
  async 'a throwing listener'() {
    const { connection, events, socket, listenerErrors } = await open();
    socket.addEventListener('message', (event) => {
      if (event.data === 'm1') throw new Error('listener bug');
    });
    await connection.write([wire.textFrame('m1'), wire.textFrame('m2'), wire.closeFrame(1000)]);
    await connection.nextFrame();
    connection.end();
    await until(() => closed(events));
    return { events, listenerErrors };
  },
  async 'RSV1 frame'() {
    const { connection, events } = await open();
    await connection.write(wire.textFrame('hi', { rsv1: true }));
    await endWhenClientEnds(connection);
    await until(() => closed(events));
    return events;
  },
  async 'peer never closes TCP'() {
    const { socket, connection, events } = await open({ closeTimeoutMs: 300 });
    const start = Date.now();
    socket.close(1000);
    await connection.nextFrame();
    await connection.write(wire.closeFrame(1000));
    await until(() => closed(events));
    const elapsed = Date.now() - start;
    connection.destroy();
    return { inTime: elapsed >= 290 && elapsed < 3000, readyState: socket.readyState };
  },
};

for (const [name, run] of Object.entries(scenarios)) {
  try {
    print(name, await run());
  } catch (error) {
    print(name, { failed: String(error?.stack) });
  }
}
await server.close();
print('alive', true);
process.exit(0);
