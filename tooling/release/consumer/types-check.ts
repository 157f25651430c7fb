// A consumer's view of the published types. Copied into the consumer project as `.mts` (ESM) and
// `.cts` (CommonJS) for `node16` / `nodenext`, and as `.ts` for `bundler`, so every resolution mode
// reads its own declaration file (`.d.mts` or `.d.cts`). Type-checked only, never run.
import type { IncomingMessage } from 'node:http';
import {
  buildConnectionContext,
  type ConnectionContext,
  type ConnectionContextError,
  selectSubprotocol,
} from '@ws-compat/connection-context';
import {
  bearerSubprotocol,
  type ClientOptions,
  type HandshakeError,
  type HeaderOptionsError,
  toConstructorArgs,
} from '@ws-compat/header-options';
import { parseQuery, type QueryInput, QueryParams, type QueryParamsError } from '@ws-compat/query-params';
import { type CloseInfo, type CompatSocket, type SocketError, wrapSocket } from '@ws-compat/socket';

class FakeWebSocket {
  constructor(
    readonly url: string | URL,
    readonly protocols?: string | string[],
    readonly options?: Record<string, unknown>,
  ) {}
}

const input: QueryInput = '/ws?x=1&x=2';
const query: QueryParams = parseQuery(input, { maxParams: 10, onLimit: 'throw', decoding: 'whatwg' });
const first: string | null = query.get('x');
const every: string[] = query.getAll('x');
const grouped: Record<string, string[]> = query.toObject({ duplicates: 'array' });
const flat: Record<string, string> = query.toObject();
const isQueryParams: boolean = query instanceof QueryParams;

const options: ClientOptions = { headers: { 'x-rehearsal': 'yes' }, protocols: ['chat'], bearer: 'token' };
const args: readonly unknown[] = toConstructorArgs(FakeWebSocket, 'ws://127.0.0.1:9/ws', options);
const encoded: string = bearerSubprotocol.encode('token');
const decoded: string | null = bearerSubprotocol.decode(encoded);

declare const request: IncomingMessage;
const context: ConnectionContext = buildConnectionContext(request);
const token: string | undefined = context.auth?.token;
const room: string | null = context.query.get('room');
const selected: string | false = selectSubprotocol(context.subprotocols, ['chat']);

declare const queryError: QueryParamsError;
declare const headerError: HeaderOptionsError;
declare const handshakeError: HandshakeError;
declare const contextError: ConnectionContextError;
const asTypeError: TypeError = headerError;
const status: number | null = handshakeError.status;
const httpStatus: number = contextError.status;
// @ts-expect-error: error codes are unions of literals, never `string` or `any`
const notAQueryCode: 'NOT_A_CODE' = queryError.code;
// @ts-expect-error: error codes are unions of literals, never `string` or `any`
const notAContextCode: 'NOT_A_CODE' = contextError.code;

declare const rawSocket: unknown;
const facade: CompatSocket = wrapSocket(rawSocket, { binaryType: 'arraybuffer', closeTimeoutMs: 5000 });
facade.addEventListener('message', (event) => {
  const text: string | null = typeof event.data === 'string' ? event.data : null;
  return text;
});
facade.addEventListener('close', (event) => event.reason.toUpperCase());
const closedInfo: Promise<CloseInfo> = facade.closed;
declare const socketError: SocketError;
const closeCode: number | null = socketError.closeCode;
// @ts-expect-error: error codes are unions of literals, never `string` or `any`
const notASocketCode: 'NOT_A_CODE' = socketError.code;

export const used = [
  closedInfo,
  closeCode,
  notASocketCode,
  first,
  every,
  grouped,
  flat,
  isQueryParams,
  args,
  decoded,
  token,
  room,
  selected,
  asTypeError,
  status,
  httpStatus,
  notAQueryCode,
  notAContextCode,
];
