import * as ipaddrModule from 'ipaddr.js';

// ipaddr.js is CommonJS with `module.exports = ipaddr`: Node's ESM loader exposes it only as
// `default`, the CJS build as the namespace itself. One place takes whichever is there.
const loaded = ipaddrModule as typeof ipaddrModule & { default?: typeof ipaddrModule };

/** The ipaddr.js API, in the ESM and the CJS build alike. */
export const ipaddr: typeof ipaddrModule = loaded.default ?? loaded;
export type IPv4 = ipaddrModule.IPv4;
export type IPv6 = ipaddrModule.IPv6;
