// @ts-check
/** RFC 6455 section 5.2 opcodes, plus the reserved ones tests send on purpose. */
export const Opcode = Object.freeze({
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  RESERVED_3: 0x3,
  CLOSE: 0x8,
  PING: 0x9,
  PONG: 0xa,
  RESERVED_B: 0xb,
});

/** The GUID a server appends to `Sec-WebSocket-Key` before hashing (RFC 6455 section 1.3). */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
