import { createServer } from 'node:net';
import { ATTEMPT_PATH_PREFIX, type AttemptSpec } from './child/protocol.js';
import { ForwardingProxy } from './forwarding-proxy.js';
import { parseHead } from './http-head.js';
import { toNativeSpec } from './native.js';
import type { ClientProcess, ServerProcess } from './processes.js';
import { Recorder, type RecorderTarget } from './recorder.js';
import type { AttemptRecord, AttemptRequest, CellContext } from './scenarios/_types.js';

/** The source address of the trusted proxy hop (the server trusts it) and of the proxied client. */
export const PROXY_SOURCE_ADDRESS = '127.0.0.2';
export const PROXIED_CLIENT_ADDRESS = '127.0.0.3';

const DEFAULT_TIMEOUT_MS = 5_000;
/** Beyond connect()'s timeout: the attempt's own grace, then the IPC round trip. */
const CHILD_ANSWER_SLACK_MS = 15_000;
/** How long after a failed attempt a late connection would still be caught by the recorder. */
const LATE_CONNECTION_GRACE_MS = 100;
const SERVER_REPORT_WAIT_MS = 3_000;
const RECORDER_IDLE_WAIT_MS = 2_000;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let attemptCounter = 0;

/**
 * Builds the context one cell's scenario runs in: each attempt gets its own recorder (and proxy), a
 * unique path so the server's report finds it, and a bounded wait for every answer.
 */
export function createCellContext(options: {
  client: CellContext['client'];
  server: CellContext['server'];
  clientProcess: ClientProcess;
  serverProcess: ServerProcess;
}): CellContext {
  const { clientProcess, serverProcess } = options;
  async function attempt(request: AttemptRequest): Promise<AttemptRecord> {
    const key = `a${++attemptCounter}`;
    const serverPath = `${ATTEMPT_PATH_PREFIX}${key}`;
    const route = request.route ?? 'direct';
    const ports = serverProcess.ports;
    if (ports === null) throw new Error('the server is not running');
    const serverPort = ports[request.mode ?? 'main'];
    let proxy: ForwardingProxy | null = null;
    let recorder: Recorder | null = null;
    try {
      let port: number;
      if (route === 'refused') {
        port = await closedPort();
      } else {
        let target: RecorderTarget | null = { port: serverPort };
        if (route === 'silent') target = null;
        if (route === 'proxy') {
          proxy = await ForwardingProxy.start(serverPort, PROXY_SOURCE_ADDRESS);
          target = { port: proxy.port, localAddress: PROXIED_CLIENT_ADDRESS };
        }
        recorder = await Recorder.start(target);
        port = recorder.port;
      }
      const url = `ws://127.0.0.1:${port}${request.pathPrefix ?? ''}${serverPath}${request.path}`;
      const spec: AttemptSpec = {
        url,
        options: request.options,
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        exchange: request.exchange ?? true,
      };
      // a client outside Node gets what its own API takes; the Node ones go through header-options
      const sent = options.client.adapter.runtime.kind === 'program' ? toNativeSpec(spec) : spec;
      const outcome = await clientProcess.attempt(sent, spec.timeoutMs + CHILD_ANSWER_SLACK_MS);
      const server = outcome.opened
        ? await serverProcess.report(key, SERVER_REPORT_WAIT_MS)
        : await new Promise<null>((resolve) =>
            setTimeout(() => resolve(null), LATE_CONNECTION_GRACE_MS),
          ).then(() => serverProcess.report(key, 0));
      serverProcess.forget(key);
      if (recorder !== null && route !== 'silent') await recorder.waitIdle(RECORDER_IDLE_WAIT_MS);
      const connections = recorder === null ? [] : [...recorder.connections];
      const first = connections[0];
      return {
        url,
        serverPath: `${request.pathPrefix ?? ''}${serverPath}`,
        outcome,
        connections,
        request: first === undefined ? null : parseHead(first.request),
        response: first === undefined ? null : parseHead(first.response),
        server,
        recorderPort: port,
      };
    } finally {
      await recorder?.close();
      await proxy?.close();
    }
  }
  return {
    client: options.client,
    server: options.server,
    attempt,
    alive: () => clientProcess.alive(),
  };
}
