// The silent-failure shapes as plain data and AST-agnostic predicates. Nothing here knows about ESLint.
// What the codemod detects too is written once in tooling/patterns (bundled into both packages at build
// time) and re-exported or extended here; this file adds what only the lint rules need.
import {
  BUFFER_MISSING_STRING_METHODS,
  FIRST_HOP_HEADER_NAMES,
  NODE_QUERYSTRING_MODULES,
  SHIM_MODULES,
  URL_MODULES,
} from '@ws-compat/patterns';

export {
  containsIgnoringCase,
  countQuotedModules,
  isLegacyHeaderOptionName,
  LEGACY_HEADER_OPTION_NAMES,
  LISTENER_METHODS,
  textMayContain,
  textQuotesModule,
  URL_MODULES,
  WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION,
} from '@ws-compat/patterns';

/** Which WebSocket implementation a constructor belongs to. `global` is `globalThis.WebSocket` when it is
 * not known whether the code runs in Node (undici underneath: headers honoured) or a browser (no headers). */
export type ImplementationKind = 'ws' | 'undici' | 'global' | 'browser';

/** Module specifiers whose WebSocket class the rules recognise, and what it is. */
export const IMPLEMENTATION_MODULES: Readonly<Record<string, 'ws' | 'undici'>> = {
  ws: 'ws',
  undici: 'undici',
};

/** The keys of {@link IMPLEMENTATION_MODULES}, for one look at a file's text. */
export const IMPLEMENTATION_MODULE_NAMES: readonly string[] = Object.keys(IMPLEMENTATION_MODULES);

/** Names under which an implementation module exports its client class (`import { WebSocket } from 'ws'`). */
export const CLIENT_EXPORT_NAMES: readonly string[] = ['WebSocket', 'default'];

/** Names under which ws exports its server class (`WebSocketServer` from ws 8, `Server` on every version). */
export const WS_SERVER_EXPORT_NAMES: readonly string[] = ['WebSocketServer', 'Server'];

/** Globals that are the browser's window: `new window.WebSocket(...)` runs in a browser. */
export const BROWSER_GLOBAL_OBJECTS: readonly string[] = ['window', 'self'];

/** Globals that hold `WebSocket` wherever the code runs. */
export const ANY_GLOBAL_OBJECTS: readonly string[] = ['globalThis', 'global'];

/**
 * The module that provides `createWebSocket`, `connect` and `toConstructorArgs`, which take the client
 * options as their third argument.
 */
export const HEADER_OPTIONS_MODULE = SHIM_MODULES.headerOptions;
/** {@link HEADER_OPTIONS_MODULE} as a list, for one look at a file's text. */
export const HEADER_OPTIONS_MODULE_ONLY: readonly string[] = [HEADER_OPTIONS_MODULE];
export const HEADER_OPTIONS_FUNCTIONS: readonly string[] = [
  'createWebSocket',
  'connect',
  'toConstructorArgs',
];

/** Option keys each implementation ignores inside its init/options object, with the reason. */
export const IGNORED_OPTION_KEYS: Readonly<Record<'undici' | 'global', Readonly<Record<string, string>>>> = {
  // undici's WebSocketInit is { protocols, dispatcher, headers }; `origin` is ws's key and is dropped.
  undici: { origin: 'an `origin` key (send an `Origin` header instead)' },
  global: { origin: 'an `origin` key (send an `Origin` header instead)' },
};

/** Header names a proxy (or anyone) writes to carry the client address. Lower case. */
export const FORWARDING_HEADER_NAMES: readonly string[] = [...FIRST_HOP_HEADER_NAMES, 'forwarded'];

/** Methods that read one request header by name: Express/Koa `req.get()`, `req.header()`, Fetch `headers.get()`. */
export const HEADER_GETTER_METHODS: readonly string[] = ['get', 'header', 'getHeader'];

/** Words that make a variable or property name a client address (`clientIp`, `remote_addr`, `ip`). */
export const ADDRESS_NAME_WORDS: readonly string[] = [
  'ip',
  'ips',
  'addr',
  'address',
  'client',
  'remote',
  'peer',
];

/** Names that mark a trust decision around a forwarding-header read (`if (trustedProxies.has(...))`). */
export const TRUST_DECISION_WORDS: readonly string[] = ['trust', 'trusted', 'proxy', 'proxies'];

/** Property names that hold an IncomingMessage in the shapes the rules recognise (`info.req`, `ws.upgradeReq`). */
export const REQUEST_PROPERTY_NAMES: readonly string[] = ['req', 'upgradeReq'];

/** Parameter names that are a Node request by convention (`(req, res) => ...`, `(ws, req) => ...`). */
export const REQUEST_PARAMETER_NAMES: readonly string[] = ['req'];

/** Events whose listener receives an IncomingMessage, and at which parameter position. */
export const REQUEST_EVENTS: Readonly<Record<string, number>> = {
  request: 0, // http.Server 'request' (req, res)
  upgrade: 0, // http.Server 'upgrade' (req, socket, head)
  connection: 1, // ws.Server 'connection' (ws, req) on ws 3+
  headers: 1, // ws.Server 'headers' (headers, req)
};

/** Modules whose `parse` is the querystring parser (the legacy URL parser's are `URL_MODULES`). */
export const QUERYSTRING_MODULES: readonly string[] = NODE_QUERYSTRING_MODULES;

/** Both module lists, for one look at the file's text. */
export const URL_AND_QUERYSTRING_MODULES: readonly string[] = [...URL_MODULES, ...NODE_QUERYSTRING_MODULES];

/** String methods a Buffer lacks (calling one on a ws 8 payload throws a TypeError) or answers differently
 * (`at` gives a byte, not a character). `includes` and `indexOf` are absent: Buffers take string needles. */
export const STRING_ONLY_METHODS: readonly string[] = ['at', ...BUFFER_MISSING_STRING_METHODS];

/** The ws events whose payload ws 8 hands over as a Buffer, and which listener parameter it is. */
export const WS8_BUFFER_PAYLOADS: Readonly<
  Record<string, { readonly index: number; readonly decode: string }>
> = {
  message: { index: 0, decode: 'isBinary ? data : data.toString()' },
  close: { index: 1, decode: 'reason.toString()' },
};

/** The one module whose import makes a file ws code for the message rule. */
export const WS_MODULE_ONLY: readonly string[] = ['ws'];

/** Fields of package.json that declare dependencies, nearest first in meaning. */
export const DEPENDENCY_FIELDS: readonly string[] = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

/**
 * The implementation a module specifier provides, or `null` when it is not one the rules know.
 *
 * @param specifier - the string in `import ... from '<specifier>'` or `require('<specifier>')`
 */
export function implementationOfModule(specifier: string): 'ws' | 'undici' | null {
  return Object.hasOwn(IMPLEMENTATION_MODULES, specifier)
    ? (IMPLEMENTATION_MODULES[specifier] ?? null)
    : null;
}

/**
 * Whether a header name is one that carries a client address through proxies (case-insensitive).
 *
 * @param name - a header name as written in code, e.g. `'X-Forwarded-For'`
 */
export function isForwardingHeaderName(name: string): boolean {
  return FORWARDING_HEADER_NAMES.includes(name.toLowerCase());
}

/**
 * Whether a header's value is a list of hops (`X-Forwarded-For`, `Forwarded`) rather than one address.
 *
 * @param name - a forwarding header name, any case
 */
export function isHopListHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'x-forwarded-for' || lower === 'forwarded';
}

/**
 * Splits an identifier into lower-case words: `clientIP` gives `['client', 'ip']`, `remote_addr` gives
 * `['remote', 'addr']`.
 *
 * @param name - an identifier
 */
export function identifierWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (let index = 0; index < name.length; index++) {
    const char = name[index] as string;
    const isUpper = char >= 'A' && char <= 'Z';
    if (char === '_' || char === '-' || char === '$') {
      if (current !== '') words.push(current);
      current = '';
      continue;
    }
    // A capital starts a word unless it continues an acronym (`clientIP`, `IPAddress`).
    const previous = name[index - 1];
    const next = name[index + 1];
    const previousUpper = previous !== undefined && previous >= 'A' && previous <= 'Z';
    const nextLower = next !== undefined && next >= 'a' && next <= 'z';
    if (isUpper && current !== '' && (!previousUpper || nextLower)) {
      words.push(current);
      current = '';
    }
    current += char.toLowerCase();
  }
  if (current !== '') words.push(current);
  return words;
}

/**
 * Whether an identifier names a client address (`ip`, `clientIp`, `remoteAddress`, `peer_addr`).
 *
 * @param name - a variable or property name
 */
export function isAddressName(name: string): boolean {
  return identifierWords(name).some((word) => ADDRESS_NAME_WORDS.includes(word));
}

/**
 * Whether an identifier names a trust decision (`trustProxy`, `isTrustedProxy`, `PROXIES`).
 *
 * @param name - a variable, property or function name
 */
export function isTrustDecisionName(name: string): boolean {
  return identifierWords(name).some((word) => TRUST_DECISION_WORDS.includes(word));
}

/**
 * Whether the path of a declaration file belongs to an implementation's types, and which: `@types/ws` and
 * `ws` give `'ws'`; `undici` and `undici-types` (Node's global WebSocket in `@types/node`) give `'undici'`;
 * TypeScript's DOM library gives `'browser'`.
 *
 * @param fileName - the absolute path of the file that declares a type, with `/` separators
 */
export function implementationOfDeclarationFile(fileName: string): 'ws' | 'undici' | 'browser' | null {
  if (fileName.includes('/node_modules/@types/ws/') || fileName.includes('/node_modules/ws/')) return 'ws';
  if (fileName.includes('/node_modules/undici-types/') || fileName.includes('/node_modules/undici/')) {
    return 'undici';
  }
  if (fileName.endsWith('/lib.dom.d.ts')) return 'browser';
  return null;
}

/**
 * Whether a declaration file is Node's `http` types, where `IncomingMessage` lives.
 *
 * @param fileName - the absolute path of the file that declares a type
 */
export function isNodeHttpDeclarationFile(fileName: string): boolean {
  return fileName.includes('/node_modules/@types/node/');
}

/**
 * The version range of a dependency as written in package.json, with npm aliases unwrapped
 * (`npm:ws@^8.2.0` gives `^8.2.0`). Returns `null` for ranges that are not versions (`workspace:*`,
 * git URLs, file paths).
 *
 * @param spec - the value of `dependencies.ws` (or another field)
 */
export function versionRangeOfSpec(spec: string): string | null {
  let range = spec.trim();
  if (range.startsWith('npm:')) {
    const at = range.lastIndexOf('@');
    if (at <= 4) return null;
    range = range.slice(at + 1);
  }
  if (range.startsWith('workspace:') || range.startsWith('catalog:')) return null;
  if (range.includes(':') || range.includes('/')) return null;
  return range === '' ? '*' : range;
}

/**
 * Words that must appear in a file's text (any ASCII case) for a rule's shape to be possible there. A rule
 * whose words are all absent registers no listeners for that file: most files of a project never mention
 * WebSockets, and walking them costs more than the rules' own checks (see the README's benchmark).
 */
export const TEXT_HINTS = {
  // `new WebSocket(...)`, or a class imported under another name from 'ws' or 'undici'.
  'no-ignored-handshake-options': ['websocket', "'ws'", '"ws"', 'undici'],
  'no-legacy-header-options': ['extraheaders', 'extra_headers', 'additionalheaders', 'additional_headers'],
  // `req.url` or `req['url']`.
  'no-request-target-as-url': ['.url', "'url'", '"url"'],
  'no-spoofable-client-address': ['forwarded', 'real-ip'],
  'no-undecoded-message': ["'ws'", '"ws"'],
} as const satisfies Record<string, readonly string[]>;
