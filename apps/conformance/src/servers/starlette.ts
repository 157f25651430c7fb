import type { ExpectedFailure } from '../status.js';
import type { ProgramServerAdapter } from './_types.js';

/** Starlette refuses a WebSocket only by closing before accept(): uvicorn 0.17 answers 403, no body. */
const ONLY_403: readonly ExpectedFailure[] = [
  {
    scenario: 'failure-settles',
    reason:
      'Starlette can refuse a WebSocket only by closing it before accept(), and uvicorn 0.17 then always answers 403 with no body and no WWW-Authenticate: a 401 cannot be sent',
    observed: 'status 403)',
  },
  {
    scenario: 'failure-settles',
    reason:
      'Starlette can refuse a WebSocket only by closing it before accept(), and uvicorn 0.17 then always answers 403 with no body and no WWW-Authenticate: a 401 cannot be sent',
    observed: 'response status bytes: expected 401, got 403',
  },
];

/** h11 (uvicorn's HTTP parser) refuses a raw non-ASCII byte in the request target with 400. */
const RAW_BYTES_400: ExpectedFailure = {
  scenario: 'query',
  reason:
    "uvicorn's h11 parser answers 400 to a request target with a raw byte above 0x7F (the client sent caf\u00e9 unencoded)",
  observed: 'status 400',
  clients: ['gorilla', 'tornado', 'websocket-client'],
};

/** Starlette 0.26 on uvicorn 0.17 with uvicorn's `websockets` WebSocket backend. */
export const starletteWebsockets: ProgramServerAdapter = {
  selector: 'starlette+websockets',
  family: 'starlette',
  program: { language: 'python', program: 'server_starlette.py', args: ['websockets'] },
  expectedFailures: [
    ...ONLY_403,
    RAW_BYTES_400,
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
  expectedFailures: [...ONLY_403, RAW_BYTES_400],
};
