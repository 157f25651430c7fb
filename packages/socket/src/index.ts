export { type WaitForBufferedAmountOptions, waitForBufferedAmount } from './drain.js';
export { SocketError, type SocketErrorCode } from './errors.js';
export {
  type BinaryData,
  type NodeBuffer,
  SocketCloseEvent,
  SocketErrorEvent,
  SocketEvent,
  SocketMessageEvent,
} from './events.js';
export { DEFAULT_CLOSE_TIMEOUT_MS, wrapSocket } from './socket.js';
export type {
  BinaryType,
  CloseInfo,
  CompatSocket,
  CompatSocketEventMap,
  SocketAddEventListenerOptions,
  SocketEventListener,
  SocketEventListenerOptions,
  SocketOptions,
} from './types.js';
