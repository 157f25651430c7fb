import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  containsIgnoringCase,
  countQuotedModules,
  identifierWords,
  implementationOfDeclarationFile,
  implementationOfModule,
  isAddressName,
  isForwardingHeaderName,
  isHopListHeader,
  isLegacyHeaderOptionName,
  isTrustDecisionName,
  TEXT_HINTS,
  textMayContain,
  textQuotesModule,
  versionRangeOfSpec,
} from './patterns.js';

describe('implementationOfModule', () => {
  test.each([
    ['ws', 'ws'],
    ['undici', 'undici'],
    ['isomorphic-ws', null],
    ['ws/lib/websocket', null],
    ['constructor', null], // not an own key of the table
    ['__proto__', null],
  ])('%s -> %s', (specifier, expected) => {
    expect(implementationOfModule(specifier)).toBe(expected);
  });
});

describe('identifierWords', () => {
  test.each([
    ['clientIp', ['client', 'ip']],
    ['clientIP', ['client', 'ip']],
    ['IPAddress', ['ip', 'address']],
    ['remote_addr', ['remote', 'addr']],
    ['REMOTE_ADDR', ['remote', 'addr']],
    ['zip', ['zip']],
    ['recipient', ['recipient']],
    ['$ip', ['ip']],
    ['', []],
  ])('%s -> %j', (name, words) => {
    expect(identifierWords(name)).toEqual(words);
  });

  test('joining the words gives back the name, lower-cased, without separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,20}$/), (name) => {
        const joined = identifierWords(name).join('');
        expect(joined).toBe(name.toLowerCase().replaceAll('_', '').replaceAll('$', ''));
        for (const word of identifierWords(name)) expect(word).not.toBe('');
      }),
    );
  });
});

describe('name predicates', () => {
  test.each([
    ['ip', true],
    ['clientIp', true],
    ['remoteAddress', true],
    ['peer_addr', true],
    ['forwardedFor', false],
    ['zip', false],
    ['recipient', false],
    ['where', false],
  ])('isAddressName(%s) is %s', (name, expected) => {
    expect(isAddressName(name)).toBe(expected);
  });

  test.each([
    ['trustProxy', true],
    ['isTrustedProxy', true],
    ['PROXIES', true],
    ['allowList', false],
  ])('isTrustDecisionName(%s) is %s', (name, expected) => {
    expect(isTrustDecisionName(name)).toBe(expected);
  });

  test.each([
    ['X-Forwarded-For', true, true],
    ['x-real-ip', true, false],
    ['Forwarded', true, true],
    ['x-forwarded-host', false, false],
    ['user-agent', false, false],
  ])('%s: forwarding %s, hop list %s', (name, forwarding, hopList) => {
    expect(isForwardingHeaderName(name)).toBe(forwarding);
    expect(isHopListHeader(name)).toBe(hopList);
  });

  test.each([
    ['extraHeaders', true],
    ['extra_headers', true],
    ['additionalHeaders', true],
    ['additional_headers', true],
    ['headers', false],
    ['ExtraHeaders', false],
  ])('isLegacyHeaderOptionName(%s) is %s', (name, expected) => {
    expect(isLegacyHeaderOptionName(name)).toBe(expected);
  });
});

describe('implementationOfDeclarationFile', () => {
  test.each([
    ['/p/node_modules/@types/ws/index.d.ts', 'ws'],
    ['/p/node_modules/.pnpm/@types+ws@8.18.2/node_modules/@types/ws/index.d.ts', 'ws'],
    ['/p/node_modules/undici-types/websocket.d.ts', 'undici'],
    ['/p/node_modules/undici/types/websocket.d.ts', 'undici'],
    ['/p/node_modules/typescript/lib/lib.dom.d.ts', 'browser'],
    ['/p/node_modules/@types/node/http.d.ts', null],
    ['/p/src/ws/index.d.ts', null],
  ])('%s -> %s', (file, expected) => {
    expect(implementationOfDeclarationFile(file)).toBe(expected);
  });
});

describe('versionRangeOfSpec', () => {
  test.each([
    ['^8.18.0', '^8.18.0'],
    [' 7.5.10 ', '7.5.10'],
    ['npm:ws@^8.22.0', '^8.22.0'],
    ['npm:@scope/ws@8.0.0', '8.0.0'],
    ['npm:ws', null],
    ['workspace:*', null],
    ['catalog:', null],
    ['github:websockets/ws', null],
    ['file:../ws', null],
    ['', '*'],
  ])('%j -> %j', (spec, expected) => {
    expect(versionRangeOfSpec(spec)).toBe(expected);
  });
});

describe('containsIgnoringCase and the text hints', () => {
  test.each([
    ["req.headers['X-Forwarded-For']", 'forwarded', true],
    ['X-REAL-IP', 'real-ip', true],
    ['forwarde', 'forwarded', false],
    ['', 'a', false],
    ['abc', 'abc', true],
    ['xxabc', 'abc', true],
    ['ABX', 'abc', false],
  ])('%j contains %j: %s', (text, needle, expected) => {
    expect(containsIgnoringCase(text, needle)).toBe(expected);
  });

  test('equals includes() on the lower-cased text, for ASCII text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'D', '-', "'", '@', '['), maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '-'), minLength: 1, maxLength: 4 }),
        (text, needle) => {
          expect(containsIgnoringCase(text, needle)).toBe(text.toLowerCase().includes(needle));
        },
      ),
    );
  });

  test.each([
    ['no-ignored-handshake-options', "import WS from 'ws';", true],
    ['no-ignored-handshake-options', 'new WebSocket(url)', true],
    ['no-ignored-handshake-options', 'export const total = 1;', false],
    ['no-legacy-header-options', '{ extra_headers: h }', true],
    ['no-request-target-as-url', 'new URL(req.url, b)', true],
    ['no-request-target-as-url', "new URL('https://a')", false],
    ['no-spoofable-client-address', "req.get('X-Real-IP')", true],
    ['no-spoofable-client-address', "req.get('user-agent')", false],
    ['no-undecoded-message', 'const ws = require("ws");', true],
  ] as const)('%s may apply to %j: %s', (rule, text, expected) => {
    expect(textMayContain(text, TEXT_HINTS[rule])).toBe(expected);
  });

  test('every hint is lower case (the matcher lower-cases the text only)', () => {
    for (const hints of Object.values(TEXT_HINTS))
      for (const hint of hints) expect(hint).toBe(hint.toLowerCase());
  });
});

// Short texts of quote characters and the letters of 'ws', and a module specifier made of those letters.
const quotedTextAndModule = [
  fc.string({ unit: fc.constantFrom('w', 's', "'", '"', '`', ' '), maxLength: 30 }),
  fc.constantFrom('ws', 'w', 's'),
] as const;

describe('textQuotesModule', () => {
  test.each([
    ["import WebSocket from 'ws';", ['ws'], true],
    ['const WebSocket = require("ws");', ['ws'], true],
    ['const WebSocket = require(`ws`);', ['ws'], true],
    ["import { fetch } from 'undici';", ['ws', 'undici'], true],
    // Not a whole quoted specifier: a word inside a string, an unquoted name, mismatched quotes, the edges.
    ["const s = 'news';", ['ws'], false],
    ["const s = 'wss';", ['ws'], false],
    ['const ws = 1;', ['ws'], false],
    ['const s = "ws\'', ['ws'], false],
    ["ws'", ['ws'], false],
    ["'ws", ['ws'], false],
    ['', ['ws'], false],
    ["'ws'", [], false],
    // A later occurrence counts when the first is not quoted.
    ["ws.on('x'); import x from 'ws';", ['ws'], true],
  ] as const)('%j quotes one of %j: %s', (text, modules, expected) => {
    expect(textQuotesModule(text, modules)).toBe(expected);
  });

  test('equals includes() of the three quoted forms', () => {
    fc.assert(
      fc.property(...quotedTextAndModule, (text, module) => {
        const expected = ["'", '"', '`'].some((quote) => text.includes(`${quote}${module}${quote}`));
        expect(textQuotesModule(text, [module])).toBe(expected);
      }),
    );
  });
});

describe('countQuotedModules', () => {
  test.each([
    ["import WebSocket from 'ws';", ['ws'], 1],
    ['import a from \'ws\'; const b = require("ws"); log(`ws`);', ['ws'], 3],
    ["import a from 'ws'; import { WebSocket } from 'undici';", ['ws', 'undici'], 2],
    // Not whole quoted specifiers.
    ["const s = 'news'; ws.on('wss');", ['ws'], 0],
    ["'ws", ['ws'], 0],
    ["'ws'", [], 0],
  ] as const)('%j quotes %j %i times', (text, modules, expected) => {
    expect(countQuotedModules(text, modules)).toBe(expected);
  });

  test('is above zero exactly when textQuotesModule says so', () => {
    fc.assert(
      fc.property(...quotedTextAndModule, (text, module) => {
        expect(countQuotedModules(text, [module]) > 0).toBe(textQuotesModule(text, [module]));
      }),
    );
  });
});
