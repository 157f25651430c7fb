export { FIRST_HOP_HEADER_NAMES } from './forwarding.js';
export {
  isLegacyHeaderOptionName,
  LEGACY_HEADER_OPTION_NAMES,
  WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION,
} from './handshake.js';
export { BUFFER_MISSING_STRING_METHODS, LISTENER_METHODS, WS8_BUFFER_EVENTS } from './messages.js';
export { NODE_QUERYSTRING_MODULES, SHIM_MODULES, URL_MODULES } from './modules.js';
export { containsIgnoringCase, countQuotedModules, textMayContain, textQuotesModule } from './text.js';
