import {
  commonjsTester,
  eslintRule,
  fixture,
  javascriptTester,
  typedFile,
  typedRule,
  typedTester,
} from '../_test/rule-tester.js';
import { noIgnoredHandshakeOptions } from './no-ignored-handshake-options.js';

const rule = eslintRule(noIgnoredHandshakeOptions);
const WS7 = fixture('ws7/client.js');
const WS8 = fixture('ws8/client.js');
const WS822 = fixture('ws822/client.js');
const GLOBAL = 'the global WebSocket (Node and browsers)';

javascriptTester.run('no-ignored-handshake-options', rule, {
  valid: [
    // ws: protocols as the second argument, options third: read by every version.
    "import WebSocket from 'ws'; new WebSocket(url, ['chat'], { headers: { 'X-A': '1' } });",
    "import { WebSocket } from 'ws'; new WebSocket(url, undefined, { headers: { a: '1' } });",
    // ws 8.22.0 and later read `protocols` from the options object.
    { code: "import { WebSocket } from 'ws'; new WebSocket(url, { protocols: ['chat'] });", filename: WS822 },
    {
      code: "import { WebSocket } from 'ws'; new WebSocket(url, { protocols: ['chat'] });",
      options: [{ wsVersion: '8.23.0' }],
    },
    // undici and Node's global take one init object.
    "import { WebSocket } from 'undici'; new WebSocket(url, { protocols: 'chat', headers: { a: '1' } });",
    "new WebSocket(url, { protocols: 'chat', headers: { a: '1' } });",
    'new WebSocket(url, ["chat"]);',
    // Look-alikes: a class of the same name declared here, another library, a function call.
    'class WebSocket { constructor(a, b, c) {} } new WebSocket(url, p, { headers: {} });',
    "import WebSocket from 'reconnecting-websocket'; new WebSocket(url, [], { maxRetries: 3 });",
    "import { io } from 'socket.io-client'; io(url, { extraHeaders: {}, protocols: ['x'] });",
    // ws accepts a plain object of headers, and a Headers object converted to one.
    "import WebSocket from 'ws'; new WebSocket(url, [], { headers: Object.fromEntries(new Headers()) });",
    // A browser is only assumed when told (or when the configured globals are a browser's).
    { code: 'new WebSocket(url, { headers: { a: 1 } });', options: [{ environment: 'node' }] },
  ],
  invalid: [
    {
      code: "import { WebSocket } from 'undici'; new WebSocket(url, ['chat'], { headers: { a: '1' } });",
      errors: [
        {
          message:
            "undici's WebSocket takes `(url, protocols | init)` and ignores a third argument: nothing in it reaches the handshake. Pass `{ protocols, headers }` as the second argument (undici, Node), or use `createWebSocket` from @ws-compat/header-options.",
          line: 1,
          column: 66,
          suggestions: [
            {
              messageId: 'mergeIntoInit',
              output:
                "import { WebSocket } from 'undici'; new WebSocket(url, { protocols: ['chat'], headers: { a: '1' } });",
            },
          ],
        },
      ],
    },
    {
      code: "new WebSocket(url, 'chat', { headers });",
      errors: [
        {
          messageId: 'thirdArgument',
          data: { implementation: GLOBAL },
          suggestions: [
            { messageId: 'mergeIntoInit', output: "new WebSocket(url, { protocols: 'chat', headers });" },
          ],
        },
      ],
    },
    {
      code: 'new globalThis.WebSocket(url, [], {});',
      errors: [
        {
          messageId: 'thirdArgument',
          data: { implementation: GLOBAL },
          suggestions: [
            { messageId: 'mergeIntoInit', output: 'new globalThis.WebSocket(url, { protocols: [] });' },
          ],
        },
      ],
    },
    {
      code: "import * as undici from 'undici'; new undici.WebSocket(url, p, options);",
      errors: [
        { messageId: 'thirdArgument', data: { implementation: "undici's WebSocket" }, suggestions: [] },
      ],
    },
    {
      code: "import { WebSocket as U } from 'undici'; new U(url, { origin: 'https://app.example' });",
      errors: [
        {
          message: "undici's WebSocket ignores an `origin` key (send an `Origin` header instead).",
        },
      ],
    },
    {
      code: "new window.WebSocket(url, { headers: { Authorization: 'Bearer t' } });",
      errors: [
        {
          message:
            "A browser's WebSocket cannot send handshake headers: `headers` is ignored. Send the credential as a subprotocol or a query parameter (`createWebSocket` from @ws-compat/header-options does this with `fallback`).",
        },
      ],
    },
    {
      code: 'new WebSocket(url, { headers: { a: 1 } });',
      options: [{ environment: 'browser' }],
      errors: [{ messageId: 'browserHeaders' }],
    },
    {
      code: 'new WebSocket(url, { headers: { a: 1 } });',
      languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
      errors: [{ messageId: 'browserHeaders' }],
    },
    {
      code: 'new self.WebSocket(url, p, { headers: { a: 1 } });',
      errors: [
        {
          messageId: 'thirdArgument',
          data: { implementation: "a browser's WebSocket" },
          suggestions: [
            {
              messageId: 'mergeIntoInit',
              output: 'new self.WebSocket(url, { protocols: p, headers: { a: 1 } });',
            },
          ],
        },
      ],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, { protocols: ['chat'], headers: {} });",
      errors: [
        {
          message:
            'ws before 8.22.0 ignores `protocols` in the options object, and no ws version is declared for this file: pass them as the second argument, which every ws version reads: `new WebSocket(url, protocols, options)`.',
          line: 1,
          column: 50,
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "import WebSocket from 'ws'; new WebSocket(url, ['chat'], { headers: {} });",
            },
          ],
        },
      ],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, { headers: {}, protocols: 'chat' });",
      filename: WS7,
      errors: [
        {
          message:
            'ws ^7.5.10 ignores `protocols` in the options object (read only from ws 8.22.0): no subprotocol is offered. Pass them as the second argument: `new WebSocket(url, protocols, options)`.',
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "import WebSocket from 'ws'; new WebSocket(url, 'chat', { headers: {} });",
            },
          ],
        },
      ],
    },
    {
      code: "import { WebSocket } from 'ws'; new WebSocket(url, { protocols });",
      filename: WS8,
      errors: [{ messageId: 'wsProtocolsOption', data: { range: '^8.18.0' }, suggestions: [] }],
    },
    {
      // The option wins over package.json.
      code: "import { WebSocket } from 'ws'; new WebSocket(url, { protocols: ['a'] });",
      filename: WS822,
      options: [{ wsVersion: '8.21.3' }],
      errors: [
        {
          messageId: 'wsProtocolsOption',
          data: { range: '8.21.3' },
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "import { WebSocket } from 'ws'; new WebSocket(url, ['a'], {  });",
            },
          ],
        },
      ],
    },
    {
      code: "import WebSocket from 'ws'; const options = { protocols: ['a'] }; new WebSocket(url, options);",
      errors: [{ messageId: 'wsProtocolsOptionUnknownVersion', line: 1, column: 47, suggestions: [] }],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, ['a'], { protocols: ['b'] });",
      filename: WS822,
      errors: [
        {
          message:
            'ws ignores `protocols` in the options object when a second argument is given: only the second argument is offered. Put every subprotocol in the second argument.',
        },
      ],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, { headers: new Headers({ a: '1' }) });",
      errors: [
        {
          message:
            'ws ignores a `Headers` as `headers` (it copies own enumerable keys only): no header is sent. Pass a plain object: `headers: Object.fromEntries(headers)`.',
        },
      ],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, [], { headers: new Map([['a', '1']]) });",
      errors: [{ messageId: 'wsHeadersObject', data: { constructor: 'Map', constructorLower: 'map' } }],
    },
  ],
});

commonjsTester.run('no-ignored-handshake-options (CommonJS)', rule, {
  valid: ["const WebSocket = require('ws'); new WebSocket(url, ['a'], { headers: {} });"],
  invalid: [
    {
      code: "const { WebSocket } = require('undici'); new WebSocket(url, [], {});",
      errors: [
        {
          messageId: 'thirdArgument',
          suggestions: [
            {
              messageId: 'mergeIntoInit',
              output: "const { WebSocket } = require('undici'); new WebSocket(url, { protocols: [] });",
            },
          ],
        },
      ],
    },
    {
      code: "const WS = require('ws').WebSocket; new WS(url, { protocols: 'x' });",
      errors: [
        {
          messageId: 'wsProtocolsOptionUnknownVersion',
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "const WS = require('ws').WebSocket; new WS(url, 'x', {  });",
            },
          ],
        },
      ],
    },
    {
      code: "const WebSocket = require('ws'); new WebSocket(url, { protocols: 'x' });",
      filename: WS7,
      errors: [
        {
          messageId: 'wsProtocolsOption',
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "const WebSocket = require('ws'); new WebSocket(url, 'x', {  });",
            },
          ],
        },
      ],
    },
  ],
});

typedTester.run('no-ignored-handshake-options (types)', typedRule(noIgnoredHandshakeOptions), {
  valid: [
    {
      code: "import { Client } from './impl';\nnew Client('ws://x', ['a'], { headers: {} });",
      filename: typedFile,
    },
    // A class of the same name that is not an implementation.
    {
      code: 'class Client { constructor(..._: unknown[]) {} }\nnew Client(1, 2, { headers: {} });',
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // Only the type says that Client is ws's WebSocket.
      code: "import { Client } from './impl';\nnew Client('ws://x', { protocols: ['a'] });",
      filename: typedFile,
      errors: [
        {
          messageId: 'wsProtocolsOption',
          data: { range: '^8.18.0' },
          line: 2,
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output: "import { Client } from './impl';\nnew Client('ws://x', ['a'], {  });",
            },
          ],
        },
      ],
    },
    {
      // The file mentions ws, but the class still comes through another module: the type decides.
      code: "import type { WebSocketServer } from 'ws';\nimport { Client } from './impl';\nexport const servers: WebSocketServer[] = [];\nnew Client('ws://x', { protocols: ['a'] });",
      filename: typedFile,
      errors: [
        {
          messageId: 'wsProtocolsOption',
          line: 4,
          suggestions: [
            {
              messageId: 'moveProtocolsToArgument',
              output:
                "import type { WebSocketServer } from 'ws';\nimport { Client } from './impl';\nexport const servers: WebSocketServer[] = [];\nnew Client('ws://x', ['a'], {  });",
            },
          ],
        },
      ],
    },
    {
      // A parameter typed as Node's global WebSocket (undici underneath).
      code: "export function open(Impl: typeof WebSocket) {\n  return new Impl('ws://x', ['a'], { headers: {} } as never);\n}",
      filename: typedFile,
      errors: [
        {
          messageId: 'thirdArgument',
          data: { implementation: "undici's WebSocket" },
          line: 2,
          suggestions: [
            {
              messageId: 'mergeIntoInit',
              output:
                "export function open(Impl: typeof WebSocket) {\n  return new Impl('ws://x', { protocols: ['a'], headers: {} });\n}",
            },
          ],
        },
      ],
    },
  ],
});

// The name-first check (src/_implementation-names.ts): a `new X()` whose name the file does not bind at
// its top level to ws or undici skips the scope lookup, unless the file names those modules elsewhere too.
const undiciThird = (code: string, output: string) => ({
  code,
  errors: [
    { messageId: 'thirdArgument' as const, suggestions: [{ messageId: 'mergeIntoInit' as const, output }] },
  ],
});
commonjsTester.run('no-ignored-handshake-options (binding names before scopes)', rule, {
  valid: [
    // A name that matches the import but is shadowed by a parameter or a local class: not undici's.
    "const { WebSocket: Sock } = require('undici'); function f(Sock) { new Sock(url, [], {}); }",
    "const { WebSocket: Sock } = require('undici'); { class Sock {} new Sock(url, [], {}); }",
    // A name the file never binds to undici.
    "const { WebSocket: Sock } = require('undici'); new Other(url, [], {});",
  ],
  invalid: [
    // A top-level alias: in the names, then found through its scope.
    undiciThird(
      "const { WebSocket: Sock } = require('undici'); new Sock(url, [], {});",
      "const { WebSocket: Sock } = require('undici'); new Sock(url, { protocols: [] });",
    ),
    // A require inside a function: not a top-level binding, so the file gets every lookup.
    undiciThird(
      "function f() { const { WebSocket: W } = require('undici'); new W(url, [], {}); }",
      "function f() { const { WebSocket: W } = require('undici'); new W(url, { protocols: [] }); }",
    ),
    // Both: the top-level names are not all the bindings, the nested one must still be seen.
    undiciThird(
      "const { WebSocket: A } = require('undici'); function f() { const { WebSocket: B } = require('undici'); new B(url, [], {}); }",
      "const { WebSocket: A } = require('undici'); function f() { const { WebSocket: B } = require('undici'); new B(url, { protocols: [] }); }",
    ),
  ],
});
