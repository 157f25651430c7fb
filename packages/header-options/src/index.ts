export {
  HandshakeError,
  type HandshakeErrorCode,
  HeaderOptionsError,
  type HeaderOptionsErrorCode,
} from './errors.js';
