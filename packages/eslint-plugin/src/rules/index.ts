import { noIgnoredHandshakeOptions } from './no-ignored-handshake-options.js';
import { noLegacyHeaderOptions } from './no-legacy-header-options.js';
import { noRequestTargetAsUrl } from './no-request-target-as-url.js';
import { noSpoofableClientAddress } from './no-spoofable-client-address.js';
import { noUndecodedMessage } from './no-undecoded-message.js';

/** Every rule of the plugin by its name (without the `@ws-compat/` prefix). */
export const ruleModules = {
  'no-ignored-handshake-options': noIgnoredHandshakeOptions,
  'no-legacy-header-options': noLegacyHeaderOptions,
  'no-request-target-as-url': noRequestTargetAsUrl,
  'no-spoofable-client-address': noSpoofableClientAddress,
  'no-undecoded-message': noUndecodedMessage,
};
