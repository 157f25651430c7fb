/** Header option names from other clients and other languages (Socket.IO's, Python websockets'), all
 * meaning `headers`; `createWebSocket` reads each of them as `headers`. */
export const LEGACY_HEADER_OPTION_NAMES: readonly string[] = [
  'extraHeaders',
  'extra_headers',
  'additionalHeaders',
  'additional_headers',
];

/**
 * Whether an object key is a legacy header option name (`extraHeaders` and its spellings).
 *
 * @param name - an object key as written
 */
export function isLegacyHeaderOptionName(name: string): boolean {
  return LEGACY_HEADER_OPTION_NAMES.includes(name);
}

/** The first ws release that reads `protocols` from the options object (websockets/ws 8.22.0,
 * "Introduced the protocols option"); ws 2 to 8.21 ignore the key without a word. */
export const WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION = '8.22.0';
