import type { TransformName } from './types.js';

/** Text every file a transform can change (or note) must contain; any one of them lets the parser run. */
export const PREFILTER_TOKENS: Readonly<Record<TransformName, readonly string[]>> = {
  ws8: ["'ws'", '"ws"', '`ws`', "'isomorphic-ws'", '"isomorphic-ws"', 'upgradeReq'],
  'client-options': ['WebSocket'],
  'request-query': ['.url'],
  'client-address': [
    'forwarded-for',
    'Forwarded-For',
    'FORWARDED-FOR',
    'real-ip',
    'Real-IP',
    'Real-Ip',
    'REAL-IP',
  ],
};

/**
 * A cheap textual check before parsing: `false` means the transform cannot apply to `source`, so the
 * file is skipped unparsed. `true` only means the parser has to look; rewriting is always AST-based.
 */
export function mayMatch(name: TransformName, source: string): boolean {
  for (const token of PREFILTER_TOKENS[name]) {
    if (source.includes(token)) return true;
  }
  return false;
}
