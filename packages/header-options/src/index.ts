export { type BearerSubprotocol, bearerSubprotocol } from './bearer.js';
export { type ConnectOptions, connect } from './connect.js';
export { createWebSocket, toConstructorArgs } from './create.js';
export {
  HandshakeError,
  type HandshakeErrorCode,
  HeaderOptionsError,
  type HeaderOptionsErrorCode,
} from './errors.js';
export { type HeaderInit, type HeaderValue, normalizeHeaders } from './headers.js';
export {
  detectImplementation,
  type ImplementationInfo,
  type ImplementationKind,
  type WebSocketConstructor,
} from './implementations/detect.js';
export type { BearerFallback, ClientOptions } from './options.js';
export { isValidSubprotocol } from './subprotocols.js';
export { bearerTokenEnd, isBearerToken } from './token.js';
