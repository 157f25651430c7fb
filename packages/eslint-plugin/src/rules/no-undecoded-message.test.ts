import {
  commonjsTester,
  eslintRule,
  fixture,
  javascriptTester,
  typedFile,
  typedRule,
  typedTester,
} from '../_test/rule-tester.js';
import { noUndecodedMessage } from './no-undecoded-message.js';

const rule = eslintRule(noUndecodedMessage);
const WS7 = fixture('ws7/server.js');
const WS8 = fixture('ws8/server.js');
const SERVER = "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n";

javascriptTester.run('no-undecoded-message', rule, {
  valid: [
    // An EventEmitter and a process 'message' listener in a ws 8 file.
    {
      code: `${SERVER}import { EventEmitter } from 'node:events';\nconst bus = new EventEmitter();\nbus.on('message', (data) => { if (data === 'ping') bus.emit('pong'); });`,
      filename: WS8,
    },
    {
      code: `${SERVER}process.on('message', (message) => message === 'stop' && wss.close());`,
      filename: WS8,
    },
    // ws 7 hands text over as strings.
    {
      code: "import WebSocket from 'ws';\nconst wss = new WebSocket.Server({ port });\nwss.on('connection', (ws) => ws.on('message', (data) => data === 'ping'));",
      filename: WS7,
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => data === 'ping'));`,
      filename: WS8,
      options: [{ wsVersion: '^7.5.0' }],
    },
    // Decoded first, or a use that decodes (JSON.parse, String(), template, concatenation).
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data, isBinary) => { const text = isBinary ? data : data.toString(); return text === 'ping'; }));`,
      filename: WS8,
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => { JSON.parse(data); String(data) === 'a'; \`\${data}\`.trim(); data.toString().trim(); }));`,
      filename: WS8,
    },
    // Code that already tells Buffers from strings.
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => (typeof data === 'string' ? data : data.toString()) === 'a' || data === 'b'));`,
      filename: WS8,
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => Buffer.isBuffer(data) || data.trim()));`,
      filename: WS8,
    },
    // Buffers take string needles: includes/indexOf work.
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => data.includes('ping')));`,
      filename: WS8,
    },
    // A listener that is not written inline is not followed.
    { code: `${SERVER}wss.on('connection', (ws) => ws.on('message', onMessage));`, filename: WS8 },
    // No ws version known: neither package.json, option nor a ws 8 import.
    "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (data) => data === 'ping');",
    // A 'connection' on something that is not a ws server.
    {
      code: `${SERVER}io.on('connection', (socket) => socket.on('message', (data) => data === 'hi'));`,
      filename: WS8,
    },
    // Reassigned before use: the rule does not follow the flow.
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => { data = data.toString(); return data === 'a'; }));`,
      filename: WS8,
    },
  ],
  invalid: [
    {
      code: `${SERVER}wss.on('connection', (ws) => {\n  ws.on('message', (data) => {\n    if (data === 'ping') ws.send('pong');\n  });\n});`,
      filename: WS8,
      errors: [
        {
          message:
            "ws 8 hands the message to a `message` listener as a Buffer, not a string: `data === 'ping'` is never true. Decode it first (`data.toString()` for text; `isBinary ? data : data.toString()` to keep binary), or wrap the socket with `wrapSocket` from @ws-compat/socket.",
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.on('connection', (ws) => {\n  ws.on('message', (data) => {\n    if (data.toString() === 'ping') ws.send('pong');\n  });\n});`,
            },
          ],
        },
      ],
    },
    {
      // No package.json with ws, but WebSocketServer exists only in ws 8.
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (msg, binary) => msg.startsWith('{')));`,
      errors: [
        {
          message:
            'ws 8 hands the message to a `message` listener as a Buffer, not a string: `msg.startsWith()` throws a TypeError. Decode it first (`msg.toString()` for text; `binary ? msg : msg.toString()` to keep binary), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.on('connection', (ws) => ws.on('message', (msg, binary) => msg.toString().startsWith('{')));`,
            },
          ],
        },
      ],
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('close', (code, reason) => { if (reason === 'bye') log(code); }));`,
      errors: [
        {
          message:
            "ws 8 hands the close reason to a `close` listener as a Buffer, not a string: `reason === 'bye'` is never true. Decode it first (`reason.toString()`), or wrap the socket with `wrapSocket` from @ws-compat/socket.",
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.on('connection', (ws) => ws.on('close', (code, reason) => { if (reason.toString() === 'bye') log(code); }));`,
            },
          ],
        },
      ],
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => { switch (data) { case 'ping': break; } }));`,
      errors: [
        {
          message:
            'ws 8 hands the message to a `message` listener as a Buffer, not a string: `switch (data)` matches no string case. Decode it first (`data.toString()` for text; `isBinary ? data : data.toString()` to keep binary), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.on('connection', (ws) => ws.on('message', (data) => { switch (data.toString()) { case 'ping': break; } }));`,
            },
          ],
        },
      ],
    },
    {
      code: `${SERVER}wss.handleUpgrade(req, socket, head, (ws) => {\n  ws.once('message', (data) => data.trim());\n});`,
      filename: WS8,
      errors: [
        {
          messageId: 'stringMethod',
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.handleUpgrade(req, socket, head, (ws) => {\n  ws.once('message', (data) => data.toString().trim());\n});`,
            },
          ],
        },
      ],
    },
    {
      code: `${SERVER}wss.on('connection', (ws) => ws.addListener('message', function (data) { return data.at(0) === '{'; }));`,
      filename: WS8,
      errors: [
        {
          message:
            'ws 8 hands the message to a `message` listener as a Buffer, not a string: `data.at()` gives a byte (a number), not a character. Decode it first (`data.toString()` for text; `isBinary ? data : data.toString()` to keep binary), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
          suggestions: [
            {
              messageId: 'decode',
              output: `${SERVER}wss.on('connection', (ws) => ws.addListener('message', function (data) { return data.toString().at(0) === '{'; }));`,
            },
          ],
        },
      ],
    },
    {
      code: "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d.split(','));",
      options: [{ wsVersion: '8' }],
      errors: [
        {
          messageId: 'stringMethod',
          suggestions: [
            {
              messageId: 'decode',
              output:
                "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d.toString().split(','));",
            },
          ],
        },
      ],
    },
    // String methods that the shared table (tooling/patterns) lists and a Buffer lacks.
    ...(['concat', 'trimLeft', 'trimRight'] as const).map((method) => ({
      code: `import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d.${method}());`,
      options: [{ wsVersion: '8' }] as const,
      errors: [
        {
          messageId: 'stringMethod' as const,
          suggestions: [
            {
              messageId: 'decode' as const,
              output: `import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d.toString().${method}());`,
            },
          ],
        },
      ],
    })),
    {
      code: "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d !== 'ok');",
      filename: WS8,
      errors: [
        {
          messageId: 'comparedToString',
          suggestions: [
            {
              messageId: 'decode',
              output:
                "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\nws.on('message', (d) => d.toString() !== 'ok');",
            },
          ],
        },
      ],
    },
  ],
});

commonjsTester.run('no-undecoded-message (CommonJS)', rule, {
  valid: [
    {
      code: "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port });\nwss.on('connection', function (ws) { ws.on('message', function (data) { data.toUpperCase(); }); });",
      filename: WS7,
    },
  ],
  invalid: [
    {
      code: "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port });\nwss.on('connection', function (ws) { ws.on('message', function (data) { data.toUpperCase(); }); });",
      filename: WS8,
      errors: [
        {
          messageId: 'stringMethod',
          line: 3,
          suggestions: [
            {
              messageId: 'decode',
              output:
                "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port });\nwss.on('connection', function (ws) { ws.on('message', function (data) { data.toString().toUpperCase(); }); });",
            },
          ],
        },
      ],
    },
  ],
});

typedTester.run('no-undecoded-message (types)', typedRule(noUndecodedMessage), {
  valid: [
    {
      code: "import { EventEmitter } from 'node:events';\nexport function listen(bus: EventEmitter) {\n  bus.on('message', (data) => data === 'x');\n}",
      filename: typedFile,
    },
  ],
  invalid: [
    {
      // The socket comes in as a parameter: only its type says it is ws's.
      code: "import type { Client } from './impl';\nexport function listen(socket: Client) {\n  socket.on('message', (data) => String(data).length > 0 && data.toString().trim() !== '' && (data as unknown) === 'x');\n}",
      filename: typedFile,
      errors: [
        {
          messageId: 'comparedToString',
          line: 3,
          suggestions: [
            {
              messageId: 'decode',
              output:
                "import type { Client } from './impl';\nexport function listen(socket: Client) {\n  socket.on('message', (data) => String(data).length > 0 && data.toString().trim() !== '' && (data.toString() as unknown) === 'x');\n}",
            },
          ],
        },
      ],
    },
  ],
});

// The name-first check (src/_implementation-names.ts) before a server callee's scope lookup.
const listen =
  "wss.on('connection', function (ws) { ws.on('message', function (data) { data.toUpperCase(); }); });";
const decoded = listen.replace('data.toUpperCase()', 'data.toString().toUpperCase()');
const undecoded = (prefix: string, suffix = '') => ({
  code: `${prefix}${listen}${suffix}`,
  filename: WS8,
  errors: [
    {
      messageId: 'stringMethod' as const,
      suggestions: [{ messageId: 'decode' as const, output: `${prefix}${decoded}${suffix}` }],
    },
  ],
});
commonjsTester.run('no-undecoded-message (binding names before scopes)', rule, {
  valid: [
    // The imported name shadowed by a parameter: not ws's server.
    {
      code: `const { WebSocketServer: S } = require('ws');\nfunction f(S) { const wss = new S({ port });\n${listen} }`,
      filename: WS8,
    },
    // A name the file never binds to ws.
    {
      code: `const { WebSocketServer } = require('ws');\nconst wss = new Server({ port });\n${listen}`,
      filename: WS8,
    },
  ],
  invalid: [
    // A top-level alias; the same with 'ws' quoted once more (the file then gets every lookup).
    undecoded("const { WebSocketServer: S } = require('ws');\nconst wss = new S({ port });\n"),
    undecoded("const { WebSocketServer: S } = require('ws');\nlog('ws');\nconst wss = new S({ port });\n"),
  ],
});
