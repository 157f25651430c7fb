import { commonjsTester, eslintRule, javascriptTester } from '../_test/rule-tester.js';
import { noLegacyHeaderOptions } from './no-legacy-header-options.js';

const rule = eslintRule(noLegacyHeaderOptions);

javascriptTester.run('no-legacy-header-options', rule, {
  valid: [
    "import WebSocket from 'ws'; new WebSocket(url, [], { headers: { a: '1' } });",
    "import { createWebSocket } from '@ws-compat/header-options'; createWebSocket(WebSocket, url, { headers: {} });",
    // Socket.IO's client takes `extraHeaders` for real.
    "import { io } from 'socket.io-client'; io(url, { extraHeaders: { a: '1' } });",
    // A function of the same name from elsewhere, and an unrelated constructor.
    "import { createWebSocket } from './local.js'; createWebSocket(WebSocket, url, { extraHeaders: {} });",
    "import Pusher from 'pusher-js'; new Pusher(key, { extraHeaders: {} });",
    // The key as a value, not an option name.
    "import WebSocket from 'ws'; new WebSocket(url, [], { headers: { extraHeaders: '1' } });",
  ],
  invalid: [
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, [], { extraHeaders: { a: '1' } });",
      output: "import WebSocket from 'ws'; new WebSocket(url, [], { headers: { a: '1' } });",
      errors: [
        {
          message:
            '`extraHeaders` is not a WebSocket client option: ws and undici ignore it and send no header (new WebSocket()). Name it `headers`.',
          line: 1,
          column: 54,
        },
      ],
    },
    {
      code: "import { WebSocket } from 'undici'; new WebSocket(url, { protocols: 'p', 'extra_headers': h });",
      output: "import { WebSocket } from 'undici'; new WebSocket(url, { protocols: 'p', headers: h });",
      errors: [{ messageId: 'legacyName', data: { name: 'extra_headers', callee: 'new WebSocket()' } }],
    },
    {
      code: 'const additionalHeaders = {}; new WebSocket(url, { additionalHeaders });',
      output: 'const additionalHeaders = {}; new WebSocket(url, { headers: additionalHeaders });',
      errors: [{ messageId: 'legacyName', data: { name: 'additionalHeaders', callee: 'new WebSocket()' } }],
    },
    {
      code: "import WebSocket from 'ws'; const options = { additional_headers: h }; new WebSocket(url, options);",
      output: "import WebSocket from 'ws'; const options = { headers: h }; new WebSocket(url, options);",
      errors: [{ messageId: 'legacyName', data: { name: 'additional_headers', callee: 'new WebSocket()' } }],
    },
    {
      code: "import { createWebSocket } from '@ws-compat/header-options'; createWebSocket(WebSocket, url, { extraHeaders: h });",
      output:
        "import { createWebSocket } from '@ws-compat/header-options'; createWebSocket(WebSocket, url, { headers: h });",
      errors: [
        {
          message:
            '`extraHeaders` is a deprecated alias of `headers` in createWebSocket() (a deprecation warning at run time). Name it `headers`.',
        },
      ],
    },
    {
      code: "import * as shim from '@ws-compat/header-options'; await shim.connect(WebSocket, url, { extra_headers: h });",
      output:
        "import * as shim from '@ws-compat/header-options'; await shim.connect(WebSocket, url, { headers: h });",
      errors: [{ messageId: 'deprecatedName', data: { name: 'extra_headers', callee: 'connect()' } }],
    },
    {
      // Two names for one option, or one beside `headers`: merging is for a person to decide.
      code: "import WebSocket from 'ws'; new WebSocket(url, [], { headers: a, extraHeaders: b, extra_headers: c });",
      output: null,
      errors: [
        {
          message:
            '`extraHeaders` is a legacy header option name (new WebSocket()): merge it into `headers` by hand (not fixed automatically: the object has `headers` or another legacy name already, or a computed key).',
        },
        { messageId: 'mergeNeeded', data: { name: 'extra_headers', callee: 'new WebSocket()' } },
      ],
    },
    {
      code: "import WebSocket from 'ws'; new WebSocket(url, [], { ['extraHeaders']: h });",
      output: null,
      errors: [{ messageId: 'mergeNeeded' }],
    },
  ],
});

commonjsTester.run('no-legacy-header-options (CommonJS)', rule, {
  valid: ["const { io } = require('socket.io-client'); io(url, { extraHeaders: {} });"],
  invalid: [
    {
      code: "const WebSocket = require('ws'); new WebSocket(url, { extraHeaders: h });",
      output: "const WebSocket = require('ws'); new WebSocket(url, { headers: h });",
      errors: [{ messageId: 'legacyName' }],
    },
    {
      code: "const { createWebSocket } = require('@ws-compat/header-options'); createWebSocket(WS, url, { additionalHeaders: h });",
      output:
        "const { createWebSocket } = require('@ws-compat/header-options'); createWebSocket(WS, url, { headers: h });",
      errors: [{ messageId: 'deprecatedName' }],
    },
  ],
});
