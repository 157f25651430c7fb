// A cell whose "server" and "client" are scripted: each attempt is answered by a function that builds
// the record a lying implementation would produce. Used to prove every scenario check catches its lie.
import type { AttemptOutcome, NativeRequestView, ServerConnectionReport } from '../child/protocol.js';
import type { ClientAdapter } from '../clients/_types.js';
import { parseHead } from '../http-head.js';
import { contextFromNative } from '../native.js';
import type { AttemptRecord, AttemptRequest, CellContext } from '../scenarios/_types.js';
import type { ServerAdapter } from '../servers/_types.js';

export const FAKE_PORT = 40000;

/** What the scripted pair does for one attempt: the bytes on the wire and what each side reports. */
export interface FakeExchange {
  /** the request head lines after the request line (CRLF added) */
  requestHeaders: string[];
  /** the request target on the wire; default the URL's path and query */
  target?: string;
  /** the response head: status line and headers; null: no response */
  response: string[] | null;
  outcome: Partial<AttemptOutcome>;
  /** the server's native view (fields not given: from the request) ; null: no report */
  server: Partial<NativeRequestView> | null;
}

const CLIENT: ClientAdapter = {
  selector: 'fake',
  family: 'gorilla',
  runtime: { kind: 'program', language: 'go', program: 'fake' },
  capabilities: { headers: true, maxProtocols: Number.POSITIVE_INFINITY },
  expectedFailures: [],
};

const SERVER: ServerAdapter = {
  selector: 'fake',
  family: 'gorilla',
  program: { language: 'go', program: 'fake' },
  expectedFailures: [],
};

/** A cell context that answers every attempt with `script(request)`. */
export function fakeCell(script: (request: AttemptRequest, url: URL) => FakeExchange): CellContext {
  let counter = 0;
  return {
    client: {
      adapter: CLIENT,
      id: 'fake@1.0.0',
      info: { version: '1.0.0', runtime: 'go@1', loadError: null },
    },
    server: { adapter: SERVER, id: 'fake@1.0.0' },
    alive: async () => ({ alive: true, reason: '' }),
    halves: { client: true, server: true },
    connection: () => Promise.reject(new Error('fakeCell scripts handshakes only (see fake-connection.ts)')),
    rawTarget: () => {
      throw new Error('fakeCell scripts handshakes only (see fake-connection.ts)');
    },
    async attempt(request): Promise<AttemptRecord> {
      const serverPath = `${request.pathPrefix ?? ''}/__attempt/f${++counter}`;
      const url = new URL(`ws://127.0.0.1:${FAKE_PORT}${serverPath}${request.path}`);
      const exchange = script(request, url);
      const target = exchange.target ?? `${url.pathname}${url.search}`;
      const requestBytes = Buffer.from(
        [`GET ${target} HTTP/1.1`, ...exchange.requestHeaders, '', ''].join('\r\n'),
        'latin1',
      );
      const responseBytes = Buffer.from(
        exchange.response === null ? '' : [...exchange.response, '', ''].join('\r\n'),
        'latin1',
      );
      const [path = '', query = ''] = target.split('?');
      const view: NativeRequestView | null =
        exchange.server === null
          ? null
          : {
              mode: 'main',
              target,
              path,
              query: [...new URLSearchParams(query)],
              queryError: null,
              headers: exchange.requestHeaders.map((line) => {
                const colon = line.indexOf(':');
                return [line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string];
              }),
              host: `127.0.0.1:${FAKE_PORT}`,
              offered: [],
              protocol: '',
              client: { address: '127.0.0.1', port: 50000 },
              ...exchange.server,
            };
      const server: ServerConnectionReport | null =
        view === null
          ? null
          : {
              attemptKey: `f${counter}`,
              source: 'native',
              offered: view.offered,
              mode: view.mode,
              protocol: view.protocol,
              context: contextFromNative(view),
              contextError: null,
              messages: [],
            };
      return {
        url: url.href,
        serverPath,
        outcome: {
          opened: true,
          protocol: '',
          echoed: true,
          error: null,
          warnings: [],
          durationMs: 5,
          ...exchange.outcome,
        },
        connections: [
          {
            request: requestBytes,
            response: responseBytes,
            clientPort: 50001,
            upstreamLocalPort: 50000,
            closed: true,
          },
        ],
        request: parseHead(requestBytes),
        response: parseHead(responseBytes),
        server,
        recorderPort: FAKE_PORT,
      };
    },
  };
}
