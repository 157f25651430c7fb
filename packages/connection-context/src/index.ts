export {
  type AttachOptions,
  type ConnectionContextServerHooks,
  contextOf,
  type VerifyClientCallback,
  type VerifyClientInfo,
  withConnectionContext,
} from './attach.js';
export type { ConnectionAuth, ConnectionAuthorization, TokenSource } from './auth.js';
export type { ClientInfo, ForwardedHeaderMode } from './client.js';
export { buildConnectionContext, type ConnectionContext, type ContextSource } from './context.js';
export { ConnectionContextError, type ConnectionContextErrorCode } from './errors.js';
export type { ConnectionContextHeaders } from './headers.js';
export type { ContextOptions } from './options.js';
export { type SelectSubprotocolOptions, selectSubprotocol } from './subprotocol.js';
export type { TrustProxyOption } from './trust-proxy.js';
export {
  createUpgradeHandler,
  type UpgradeHandler,
  type UpgradeServer,
  type UpgradeSocket,
} from './upgrade.js';
