import type { Socket } from 'node:net';

/** RFC 6455 opcodes, plus reserved ones for invalid frames on purpose. */
export declare const Opcode: Readonly<{
  CONTINUATION: 0x0;
  TEXT: 0x1;
  BINARY: 0x2;
  RESERVED_3: 0x3;
  CLOSE: 0x8;
  PING: 0x9;
  PONG: 0xa;
  RESERVED_B: 0xb;
}>;

/** The GUID of RFC 6455 section 1.3. */
export declare const WEBSOCKET_GUID: string;

/** How a frame is written; everything a test may want to get wrong on purpose. */
export interface FrameOptions {
  /** default true */
  fin?: boolean | undefined;
  rsv1?: boolean | undefined;
  rsv2?: boolean | undefined;
  rsv3?: boolean | undefined;
  /** false (default for servers): unmasked; true: a fixed key; or the 4-byte key to use */
  mask?: boolean | Uint8Array | undefined;
  /** declared payload length when it should differ from the payload (a lie on purpose) */
  length?: number | undefined;
  /** force a length encoding: 7-bit, 16-bit or 64-bit, even when not minimal */
  lengthForm?: 7 | 16 | 64 | undefined;
}

export interface FrameSpec extends FrameOptions {
  /** 0-15 */
  opcode: number;
  payload?: string | Uint8Array | ArrayBuffer | undefined;
}

/** A decoded frame, exactly as it was on the wire, payload unmasked. */
export interface Frame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: Uint8Array | null;
  length: number;
  lengthForm: 7 | 16 | 64;
  payload: Buffer;
}

export interface ClosePayload {
  /** null when the payload is shorter than 2 bytes */
  code: number | null;
  reason: Buffer;
  /** the reason decoded as UTF-8 (invalid bytes become U+FFFD) */
  reasonText: string;
}

export declare function encodeFrame(spec: FrameSpec): Buffer;
export declare function encodeClosePayload(code?: number, reason?: string | Uint8Array): Buffer;
export declare function toBuffer(data: string | Uint8Array | ArrayBuffer): Buffer;

export declare class FrameDecoder {
  readonly buffered: number;
  push(chunk: Uint8Array): Frame[];
}
export declare function decodeFrames(bytes: Uint8Array): { frames: Frame[]; rest: Buffer };
export declare function decodeClosePayload(payload: Uint8Array): ClosePayload;

export declare function textFrame(text: string | Uint8Array, options?: FrameOptions): Buffer;
export declare function binaryFrame(
  bytes: Uint8Array | ArrayBuffer | readonly number[],
  options?: FrameOptions,
): Buffer;
export declare function closeFrame(
  code?: number,
  reason?: string | Uint8Array,
  options?: FrameOptions,
): Buffer;
export declare function pingFrame(data?: string | Uint8Array, options?: FrameOptions): Buffer;
export declare function pongFrame(data?: string | Uint8Array, options?: FrameOptions): Buffer;
export declare function fragmentFrames(
  opcode: number,
  parts: readonly (string | Uint8Array)[],
  options?: FrameOptions,
): Buffer[];

/** An HTTP/1.1 head: the start line, headers (lower-cased names) and the text. */
export interface HttpHead {
  startLine: string;
  headers: Record<string, string>;
  rawHeaders: [string, string][];
  text: string;
}

export declare function acceptKey(key: string): string;

export interface HandshakeLinesOptions {
  /** the request target, e.g. `/echo?room=1` */
  target: string;
  /** the `Host` value, e.g. `127.0.0.1:8080` */
  host: string;
  /** the `Sec-WebSocket-Key`; omitted: a fresh random key; null: no key line (bring your own in `headers`) */
  key?: string | null | undefined;
  /** header lines after the WebSocket ones, in order, duplicates and casing kept */
  headers?: readonly (readonly [string, string])[] | undefined;
}

/**
 * The head lines of a WebSocket opening request (`GET`, `Host`, `Upgrade`, `Connection`,
 * `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`, then `headers`); join them with {@link requestBytes}.
 */
export declare function handshakeLines(options: HandshakeLinesOptions): string[];
export declare function parseHead(head: string): HttpHead;
/** The head of recorded bytes up to the blank line, as Latin-1 text (all of it when incomplete). */
export declare function headText(bytes: Uint8Array): string;
export declare function readHead(socket: Socket, limit?: number): Promise<{ head: string; rest: Buffer }>;

/** What a raw connection saw, in order. `fin`: the peer half-closed; `rst`: ECONNRESET. */
export type WireEvent =
  | { type: 'frame'; frame: Frame; at: number }
  | { type: 'fin'; at: number }
  | { type: 'rst'; code: string; at: number }
  | { type: 'error'; code: string; at: number }
  | { type: 'close'; hadError: boolean; at: number };

export declare class RawConnection {
  constructor(socket: Socket, role: 'server' | 'client', head: HttpHead, rest: Buffer);
  readonly role: 'server' | 'client';
  /** the request (server side) or the response (client side) */
  readonly head: HttpHead;
  readonly events: WireEvent[];
  readonly frames: Frame[];
  readonly socket: Socket;
  /** resolves when TCP is fully closed */
  readonly closed: Promise<void>;
  write(bytes: Uint8Array | readonly Uint8Array[]): Promise<void>;
  sendFrame(spec: FrameSpec): Promise<void>;
  sendText(text: string | Uint8Array): Promise<void>;
  sendBinary(bytes: Uint8Array | ArrayBuffer): Promise<void>;
  sendClose(code?: number, reason?: string | Uint8Array): Promise<void>;
  end(): void;
  destroy(): void;
  reset(): void;
  nextFrame(timeoutMs?: number): Promise<Frame>;
  waitForEvent(
    match: WireEvent['type'] | ((event: WireEvent) => boolean),
    timeoutMs?: number,
  ): Promise<WireEvent>;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  describe(): string;
}

export interface RawServerOptions {
  /** the subprotocol to answer with, or a function of the offered list (null: none) */
  protocol?: string | ((offered: string[]) => string | null) | undefined;
  /** a `Sec-WebSocket-Extensions` answer (none by default) */
  extensions?: string | undefined;
  /** extra response headers */
  headers?: readonly (readonly [string, string])[] | undefined;
  /** frames written in the same TCP write as the 101 */
  greeting?: readonly Uint8Array[] | undefined;
}

export interface RawServer {
  readonly port: number;
  /** `ws://127.0.0.1:<port>/` */
  readonly url: string;
  readonly connections: RawConnection[];
  /** the next connection not yet returned, waiting up to `timeoutMs` (default 5000) */
  nextConnection(timeoutMs?: number): Promise<RawConnection>;
  /** destroys every connection and stops listening */
  close(): Promise<void>;
}

export declare function startRawServer(options?: RawServerOptions): Promise<RawServer>;

export interface RawClientOptions {
  protocols?: readonly string[] | undefined;
  extensions?: string | undefined;
  headers?: readonly (readonly [string, string])[] | undefined;
}

export declare function connectRaw(url: string, options?: RawClientOptions): Promise<RawConnection>;
/**
 * A port on 127.0.0.1 where nothing listens (bound, then released): only for a port to listen on
 * next. Another process may take it before a test connects; for a refused connection use
 * {@link refusingPort}.
 */
export declare function closedPort(): Promise<number>;

/** A loopback port that refuses connections while held: see {@link refusingPort}. */
export interface RefusingPort {
  readonly port: number;
  /** closes the sockets that hold the port; resolves once the port is free (again on a second call) */
  release(): Promise<void>;
}

/**
 * A port on 127.0.0.1 that refuses every connection (ECONNREFUSED) and that nothing can listen on
 * until `release()`: the port is the local end of an open loopback connection. Release it in the
 * test's cleanup; an unreleased port keeps the process alive.
 *
 * @throws the `listen` or `connect` error of the loopback pair (e.g. EMFILE)
 */
export declare function refusingPort(): Promise<RefusingPort>;

/** One connection through a {@link TcpRecorder}: the exact bytes of each direction. */
export interface RecordedConnection {
  /** bytes the client sent (request head, then frames), up to `maxBytes` */
  request: Buffer;
  /** bytes the upstream sent back (response head, then frames), up to `maxBytes`; empty without a target */
  response: Buffer;
  /** the client's source port as the recorder saw it */
  clientPort: number | null;
  /** the recorder's source port towards the upstream: the peer port the server sees */
  upstreamLocalPort: number | null;
  /** both sides are closed */
  closed: boolean;
}

export interface RecorderTarget {
  port: number;
  /** default `127.0.0.1` */
  host?: string | undefined;
  /** source address towards the upstream (another loopback address looks like another peer) */
  localAddress?: string | undefined;
}

export interface RecorderOptions {
  /** where to relay; without one the recorder keeps the request and never answers (a stalled server) */
  target?: RecorderTarget | null | undefined;
  /** bytes kept per direction and connection (default 65536); the relay itself forwards everything */
  maxBytes?: number | undefined;
  /**
   * true (default): a FIN travels through and the other direction stays open until its own FIN.
   * false: the first FIN from either side ends both connections (Node's default sockets): the client
   * gets FIN back at once, even from a stalled recorder or a server that never closes, and the
   * connection counts as closed.
   */
  allowHalfOpen?: boolean | undefined;
}

export interface TcpRecorder {
  readonly port: number;
  /** one entry per accepted connection, in accept order */
  readonly connections: RecordedConnection[];
  /** resolves true once every connection so far has closed, false after `timeoutMs` (default 5000) */
  waitIdle(timeoutMs?: number): Promise<boolean>;
  /** destroys every socket and stops listening */
  close(): Promise<void>;
}

/**
 * A loopback TCP recorder/relay on 127.0.0.1. Throws a `TypeError` with code `WIRE_BAD_OPTION` for a
 * target port outside 1-65535, a negative / fractional `maxBytes` or a non-boolean `allowHalfOpen`.
 */
export declare function startRecorder(options?: RecorderOptions): Promise<TcpRecorder>;

export interface RawExchangeOptions {
  /** server port */
  port: number;
  /** default `127.0.0.1` */
  host?: string | undefined;
  /** source address of the TCP connection (another 127.x.y.z is another peer) */
  localAddress?: string | undefined;
  /**
   * the exact request bytes (a string is written as UTF-8); see {@link requestBytes} and
   * {@link handshakeLines}. Slice it (`bytes.subarray(0, 90)`) to send half a request and stall.
   */
  request: string | Uint8Array;
  /** bytes written once a 101 head has arrived, e.g. `textFrame('hi', { mask: true })` */
  send?: Uint8Array | readonly Uint8Array[] | undefined;
  /**
   * after a 101, wait for the first frame (default true); false: the answer is the head (plus a frame
   * that came in the same read)
   */
  awaitFrame?: boolean | undefined;
  /**
   * how the client leaves once it has its answer: `destroy` (default) drops the socket; `close` (after a
   * 101 only) writes a masked close frame (1000) then FIN and settles when the server closes TCP,
   * keeping the server's close frame in `closeReply`. A refusal is always read until the server closes.
   */
  leave?: 'destroy' | 'close' | undefined;
  /** the whole exchange, closing included, in ms (default 5000) */
  timeoutMs?: number | undefined;
}

/** What a server answered to a hand-written request. */
export interface RawResponse {
  /** the response head exactly as received (status line and headers, no blank line), Latin-1 */
  head: string;
  status: number;
  /** header lines in order, names as sent, duplicates kept */
  headers: [string, string][];
  /** a refusal's body (the bytes after the head until the server closed) as UTF-8; '' after a 101 */
  body: string;
  /** the first WebSocket frame after a 101, or null */
  frame: Frame | null;
  /** that frame's text when it is a final, unextended text frame; otherwise null */
  message: string | null;
  /** with `leave: 'close'`: the server's close frame after ours, or null */
  closeReply: Frame | null;
  /** ms from the call to the complete response head */
  elapsedMs: number;
}

/** An error of the wire kit: a `WIRE_*` code or the socket's own (`ECONNREFUSED`, ...). */
export type WireError = Error & { code: string };

/** How an exchange ended, failures included. */
export interface RawExchangeOutcome {
  /** the response so far; null when no complete head came */
  response: RawResponse | null;
  /** why the exchange ended early (see {@link rawExchange}), or null when it completed */
  error: WireError | null;
  /** ms from the call to the complete response head, or to the failure when no head came */
  elapsedMs: number;
}

/** Request head lines joined with CRLF plus the blank line, as UTF-8 bytes. */
export declare function requestBytes(lines: readonly string[]): Buffer;
/**
 * Writes exact request bytes on a raw socket and reads the answer. Rejects with code
 * `WIRE_NO_RESPONSE` (closed before a head), `WIRE_TIMEOUT` (no complete answer, or with
 * `leave: 'close'` no TCP close, within `timeoutMs`), or the socket's error code.
 */
export declare function rawExchange(options: RawExchangeOptions): Promise<RawResponse>;
/** {@link rawExchange} that never rejects: the outcome carries the response so far and the error. */
export declare function settleRawExchange(options: RawExchangeOptions): Promise<RawExchangeOutcome>;
