export { ConnectionContextError, type ConnectionContextErrorCode } from './errors.js';
