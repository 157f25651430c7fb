// @ts-check
export { binaryFrame, closeFrame, fragmentFrames, pingFrame, pongFrame, textFrame } from './builders.js';
export { connectRaw } from './client.js';
export { RawConnection } from './connection.js';
export { decodeClosePayload, decodeFrames, FrameDecoder } from './decode.js';
export { encodeClosePayload, encodeFrame, toBuffer } from './encode.js';
export { rawExchange, requestBytes, settleRawExchange } from './exchange.js';
export { acceptKey, handshakeLines, headText, parseHead, readHead } from './handshake.js';
export { Opcode, WEBSOCKET_GUID } from './opcodes.js';
export { closedPort, refusingPort } from './port.js';
export { startRecorder } from './recorder.js';
export { startRawServer } from './server.js';
