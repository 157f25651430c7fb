import { type RefusingPort, refusingPort } from '@ws-compat/wire';
import {
  ATTEMPT_PATH_PREFIX,
  type AttemptSpec,
  type ConnectionSpec,
  type ObservedEvent,
  type ServerConnectionReport,
} from './child/protocol.js';
import { SERVER_CLOSE_TIMEOUT_MS } from './child/server-connection.js';
import { ForwardingProxy } from './forwarding-proxy.js';
import { parseHead } from './http-head.js';
import { REQUEST_HEAD_CUT_MARKER, type RecordedRequest } from './model.js';
import { toNativeSpec } from './native.js';
import type { ClientProcess, ServerProcess } from './processes.js';
import { Recorder, type RecorderTarget } from './recorder.js';
import type {
  AttemptRecord,
  AttemptRequest,
  CellContext,
  ConnectionRecord,
  ConnectionRequest,
} from './scenarios/_types.js';

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
/**
 * Connection scenarios: wrapSocket's default closeTimeoutMs in the client, generous (a clean closing
 * handshake on a loaded two-core machine took over 1 s); the peer-never-closes scenario sets its own.
 */
export const CONNECTION_CLOSE_TIMEOUT_MS = 5_000;
const CONNECTION_OPEN_TIMEOUT_MS = 5_000;
const CONNECTION_SETTLE_MS = 100;
/** After the client's script: how long the server's close event may take to be reported. */
const SERVER_CLOSE_WAIT_MS = SERVER_CLOSE_TIMEOUT_MS + 1_000;

/** Every wait a script can make, summed: the child must answer within this plus the slack. */
export function scriptBudgetMs(spec: ConnectionSpec): number {
  let total = spec.openTimeoutMs + spec.settleMs;
  for (const step of spec.steps) {
    if (step.op === 'await-messages' || step.op === 'await-close') total += step.timeoutMs;
    else if (step.op === 'wait') total += step.ms;
  }
  return total;
}

/** Waits until the report's events hold a close event, bounded. */
async function serverClosed(report: ServerConnectionReport, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const hasClose = (events: ObservedEvent[] | undefined): boolean =>
    events?.some((event) => event.type === 'close') ?? false;
  while (!hasClose(report.events) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A recorded request head longer than this is cut (matrix.json stays small); the cut is marked. */
export const REQUEST_HEAD_CAP_BYTES = 8 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * The request head in a connection's client bytes, as Latin-1 text (one char per byte): up to and
 * including the blank line that ends it, the whole bytes when there is none, and at most
 * {@link REQUEST_HEAD_CAP_BYTES} bytes, followed by {@link REQUEST_HEAD_CUT_MARKER} when cut.
 *
 * @param bytes what the client sent on the connection (head, then frames)
 */
export function requestHead(bytes: Buffer): string {
  const end = bytes.indexOf(HEAD_END);
  const length = end === -1 ? bytes.length : end + HEAD_END.length;
  if (length <= REQUEST_HEAD_CAP_BYTES) return bytes.toString('latin1', 0, length);
  return `${bytes.toString('latin1', 0, REQUEST_HEAD_CAP_BYTES)}${REQUEST_HEAD_CUT_MARKER}`;
}

let attemptCounter = 0;

/** A cell's context and what its attempts sent, for the cell's result. */
export type RecordingCellContext = CellContext & {
  /** one entry per attempt, in the order the attempts settled */
  readonly requests: readonly RecordedRequest[];
};

/**
 * Builds the context one cell's scenario runs in: each attempt gets its own recorder (and proxy), a
 * unique path so the server's report finds it, and a bounded wait for every answer.
 */
export function createCellContext(options: {
  client: CellContext['client'];
  server: CellContext['server'];
  clientProcess: ClientProcess;
  serverProcess: ServerProcess;
  halves?: CellContext['halves'];
}): RecordingCellContext {
  const { clientProcess, serverProcess } = options;
  const requests: RecordedRequest[] = [];
  async function attempt(request: AttemptRequest): Promise<AttemptRecord> {
    const key = `a${++attemptCounter}`;
    const serverPath = `${ATTEMPT_PATH_PREFIX}${key}`;
    const route = request.route ?? 'direct';
    const ports = serverProcess.ports;
    if (ports === null) throw new Error('the server is not running');
    const serverPort = ports[request.mode ?? 'main'];
    let proxy: ForwardingProxy | null = null;
    let recorder: Recorder | null = null;
    let refusing: RefusingPort | null = null;
    let url: string | null = null;
    try {
      let port: number;
      if (route === 'refused') {
        refusing = await refusingPort();
        port = refusing.port;
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
      url = `ws://127.0.0.1:${port}${request.pathPrefix ?? ''}${serverPath}${request.path}`;
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
      // recorded also when the attempt threw (a child that never answered): the bytes say what it sent
      if (url !== null) {
        const first = recorder?.connections[0];
        requests.push({ url, request: first === undefined ? null : requestHead(first.request) });
      }
      await refusing?.release();
      await recorder?.close();
      await proxy?.close();
    }
  }
  async function connection(request: ConnectionRequest): Promise<ConnectionRecord> {
    const key = `a${++attemptCounter}`;
    let url: string;
    if (request.peer === 'server') {
      const ports = serverProcess.ports;
      if (ports === null) throw new Error('the server is not running');
      url = `ws://127.0.0.1:${ports.main}${ATTEMPT_PATH_PREFIX}${key}/connection`;
    } else url = request.peer.url;
    const spec: ConnectionSpec = {
      url,
      protocols: request.protocols ?? [],
      ...(request.bare === true ? { bare: true } : {}),
      ...(request.binaryType === undefined ? {} : { binaryType: request.binaryType }),
      closeTimeoutMs: request.closeTimeoutMs ?? CONNECTION_CLOSE_TIMEOUT_MS,
      throwingListeners: request.throwingListeners ?? 0,
      openTimeoutMs: request.openTimeoutMs ?? CONNECTION_OPEN_TIMEOUT_MS,
      steps: request.steps,
      settleMs: request.settleMs ?? CONNECTION_SETTLE_MS,
    };
    const result = await clientProcess.connection(spec, scriptBudgetMs(spec) + CHILD_ANSWER_SLACK_MS);
    let server: ServerConnectionReport | null = null;
    if (request.peer === 'server') {
      server = await serverProcess.report(
        key,
        result.outcome?.events.some((e) => e.type === 'open') ? SERVER_REPORT_WAIT_MS : 0,
      );
      if (server !== null) await serverClosed(server, SERVER_CLOSE_WAIT_MS);
      serverProcess.forget(key);
    }
    return { url, result, server };
  }
  return {
    client: options.client,
    server: options.server,
    halves: options.halves ?? { client: true, server: true },
    requests,
    attempt,
    connection,
    rawTarget(mode = 'main') {
      const ports = serverProcess.ports;
      if (ports === null) throw new Error('the server is not running');
      const key = `a${++attemptCounter}`;
      return {
        port: ports[mode],
        path: `${ATTEMPT_PATH_PREFIX}${key}/raw`,
        async report(timeoutMs, untilClosed = false) {
          const report = await serverProcess.report(key, timeoutMs);
          if (report !== null && untilClosed) await serverClosed(report, timeoutMs);
          return report;
        },
      };
    },
    alive: () => clientProcess.alive(),
  };
}
