import type { ExpectedFailure } from '../status.js';
import { raisingHandlerEnds, rfcServerClose } from './_native.js';
import type { ProgramServerAdapter } from './_types.js';

const ONLY_403_REASON =
  'Starlette can refuse a WebSocket only by closing it before accept(), and uvicorn 0.17 then always answers 403 with no body and no WWW-Authenticate: a 401 cannot be sent';

/** Starlette refuses a WebSocket only by closing before accept(): uvicorn 0.17 answers 403, no body. */
const ONLY_403: readonly ExpectedFailure[] = [
  ...['status 403)', 'response status bytes: expected 401, got 403'].map((observed) => ({
    scenario: 'failure-settles',
    reason: ONLY_403_REASON,
    observed,
  })),
  // the refusal read whole from a plain socket
  ...[
    'status: expected 401, got 403',
    'WWW-Authenticate lines: expected ["Bearer"], got []',
    String.raw`body: expected "unauthorized\\x0a", got ""`,
  ].map((observed) => ({ scenario: 'rejection-response', reason: ONLY_403_REASON, observed })),
];

/** h11 (uvicorn's HTTP parser) refuses a raw non-ASCII byte in the request target with 400. */
const RAW_BYTES_400: ExpectedFailure = {
  scenario: 'query',
  reason:
    "uvicorn's h11 parser answers 400 to a request target with a raw byte above 0x7F (the client sent caf\u00e9 unencoded)",
  observed: 'status 400',
  clients: ['gorilla', 'tornado', 'websocket-client'],
};

/** What Starlette's own API does in the whole-connection scenarios, on both uvicorn backends. */
const CONNECTION: readonly ExpectedFailure[] = [
  ...rfcServerClose('Starlette 0.26'),
  ...raisingHandlerEnds(
    'Starlette 0.26 on uvicorn 0.17',
    'ends the connection without a close frame (the client sees 1006)',
    ['throwing listener: the connection failed: error ABNORMAL_CLOSURE'],
  ),
  ...(
    [
      ['text-round-trip', 'server: close event [code, reason]: expected [1000,"done"], got [1000,""]'],
      ['close-both-ways', 'server close event [code, reason]: expected [4001,"client ✓ bye"], got [4001,""]'],
      ['close-both-ways', 'server close event [code, reason]: expected [1000,"why"], got [1000,""]'],
    ] as const
  ).map(([scenario, observed]) => ({
    scenario,
    reason:
      "uvicorn 0.17's websocket.disconnect message carries the peer's close code only: the app never sees the close reason (ASGI added `reason` to it later)",
    observed,
  })),
  {
    scenario: 'protocol-error',
    reason:
      "Starlette's app gets no error for a reserved opcode: uvicorn fails the connection and the app's receive() only returns websocket.disconnect (1002 on the wsproto backend, 1006 on the websockets one)",
    observed: 'server: expected an error event then a close event, saw close 100',
  },
];

/** Starlette 0.26 on uvicorn 0.17 with uvicorn's `websockets` WebSocket backend. */
export const starletteWebsockets: ProgramServerAdapter = {
  selector: 'starlette+websockets',
  family: 'starlette',
  program: { language: 'python', program: 'server_starlette.py', args: ['websockets'] },
  connection: true,
  expectedFailures: [
    ...ONLY_403,
    RAW_BYTES_400,
    ...CONNECTION,
    {
      scenario: 'peer-never-closes',
      reason:
        "uvicorn 0.17's websockets backend has no close-timeout option: websockets' default close_timeout (10 s) applies, so a server close() against a peer that never answers ends long after the scenario's wait (the wsproto backend's ends within it)",
      observed: 'server: no close event while the peer holds TCP',
    },
    ...(['headers-arrive', 'header-shapes'] as const).map((scenario) => ({
      scenario,
      reason:
        "uvicorn's websockets backend answers 500 to a header value with a byte above 0x7F (it re-encodes websockets' surrogate-escaped headers as Latin-1 and fails); the wsproto backend takes it",
      observed: 'status 500',
    })),
  ],
};

/** Starlette 0.26 on uvicorn 0.17 with uvicorn's `wsproto` WebSocket backend. */
export const starletteWsproto: ProgramServerAdapter = {
  selector: 'starlette+wsproto',
  family: 'starlette',
  program: { language: 'python', program: 'server_starlette.py', args: ['wsproto'] },
  connection: true,
  expectedFailures: [...ONLY_403, RAW_BYTES_400, ...CONNECTION],
};
