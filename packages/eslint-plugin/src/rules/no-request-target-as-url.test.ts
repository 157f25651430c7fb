import {
  commonjsTester,
  eslintRule,
  javascriptTester,
  typedFile,
  typedRule,
  typedTester,
} from '../_test/rule-tester.js';
import { noRequestTargetAsUrl } from './no-request-target-as-url.js';

const rule = eslintRule(noRequestTargetAsUrl);
const IMPORT = "import { parseQuery } from '@ws-compat/query-params';";

javascriptTester.run('no-request-target-as-url', rule, {
  valid: [
    // A URL from an absolute string, or from a Fetch Request (absolute `url`).
    "new URL('https://example.com/a?b=1', base);",
    "new URL('/a?b=1', 'https://example.com');",
    "export default { fetch(request) { return new URL(request.url, 'http://x').searchParams; } };",
    'app.use((ctx) => new URL(link.url, base));',
    // One argument: a request target throws there, it does not fail silently.
    "server.on('upgrade', (req) => new URL(req.url));",
    "import url from 'node:url'; url.parse(someString, true);",
    'new URLSearchParams(location.search);',
    "new URLSearchParams(req.url.split('#')[0]);",
    "new URLSearchParams(req.url.split('?')[0]);",
    // A URL class that is not WHATWG's.
    "import { URL } from './my-url.js'; new URL(req.url, base);",
    // 'connection' on an http.Server gives a socket first, not a request.
    "server.on('connection', (socket) => new URL(socket.url, base));",
    "import { parseQuery } from '@ws-compat/query-params'; parseQuery(req);",
  ],
  invalid: [
    {
      code: "server.on('upgrade', (request, socket, head) => {\n  const q = new URL(request.url, 'http://localhost').searchParams;\n});",
      errors: [
        {
          message:
            "`new URL(request.url, base)` reads a request target as a URL reference: a target starting with `//` replaces the base's host (`//evil/x` gives host `evil`), and one like `//:/x` throws. Read the query with `parseQuery(request)` from @ws-compat/query-params.",
          line: 2,
          column: 13,
          suggestions: [
            {
              messageId: 'useParseQuery',
              data: { replacement: 'parseQuery(request)' },
              output: `${IMPORT}\nserver.on('upgrade', (request, socket, head) => {\n  const q = parseQuery(request);\n});`,
            },
          ],
        },
      ],
    },
    {
      code: "http.createServer((request, res) => { new URL(request.url, 'http://' + request.headers.host); });",
      errors: [
        { messageId: 'urlWithBase', data: { target: 'request.url', request: 'request' }, suggestions: [] },
      ],
    },
    {
      code: "wss.on('connection', (ws, request) => { new URL(request.url, base); });",
      errors: [{ messageId: 'urlWithBase', suggestions: [] }],
    },
    {
      code: "new WebSocketServer({ handleProtocols(protocols, request) { return new URL(request.url, b).searchParams.get('v'); } });",
      errors: [
        {
          messageId: 'urlWithBase',
          suggestions: [
            {
              messageId: 'useParseQuery',
              output: `${IMPORT}\nnew WebSocketServer({ handleProtocols(protocols, request) { return parseQuery(request).get('v'); } });`,
            },
          ],
        },
      ],
    },
    {
      code: 'function verifyClient(info) { return new URL(info.req.url, base); }',
      errors: [{ messageId: 'urlWithBase', data: { target: 'info.req.url', request: 'info.req' } }],
    },
    {
      code: 'const target = new URL(ws.upgradeReq.url, base);',
      errors: [{ messageId: 'urlWithBase', data: { target: 'ws.upgradeReq.url', request: 'ws.upgradeReq' } }],
    },
    {
      code: "import { URL } from 'node:url'; const u = new URL(req.url, base);",
      errors: [{ messageId: 'urlWithBase' }],
    },
    {
      code: "import url from 'node:url';\nconst token = url.parse(req.url, true).query.token;",
      errors: [
        {
          message:
            'The legacy `url.parse(req.url)` gives a query whose values are a string or an array depending on the request (`?a=1&a=2`), and is deprecated. Read the query with `parseQuery(req)` from @ws-compat/query-params.',
          suggestions: [
            {
              messageId: 'useParseQuery',
              data: { replacement: 'parseQuery(req).toObject()' },
              output: `import url from 'node:url';\n${IMPORT}\nconst token = parseQuery(req).toObject().token;`,
            },
          ],
        },
      ],
    },
    {
      code: "import { parse } from 'url'; parse(req.url).pathname;",
      errors: [{ messageId: 'urlParse', suggestions: [] }],
    },
    {
      code: "import * as url from 'url'; url.parse(req.url, false).query;",
      errors: [{ messageId: 'urlParse', suggestions: [] }],
    },
    {
      code: "const params = new URLSearchParams(req.url.split('?')[1]);",
      errors: [
        {
          message:
            "`req.url.split('?')[1]` keeps the `#fragment` in the last value and drops everything after a second `?`. Read the query with `parseQuery(req)` from @ws-compat/query-params.",
          suggestions: [{ messageId: 'useParseQuery', output: `${IMPORT}\nconst params = parseQuery(req);` }],
        },
      ],
    },
    {
      code: "import qs from 'node:querystring'; const q = qs.parse(req.url.split('?')[1]);",
      errors: [
        {
          messageId: 'splitQuery',
          suggestions: [
            {
              messageId: 'useParseQuery',
              output: `import qs from 'node:querystring';\n${IMPORT} const q = parseQuery(req).toObject();`,
            },
          ],
        },
      ],
    },
  ],
});

commonjsTester.run('no-request-target-as-url (CommonJS)', rule, {
  valid: ["const url = require('url'); url.parse(link.href);"],
  invalid: [
    {
      code: "'use strict';\nconst url = require('url');\nconst q = url.parse(req.url, true).query;",
      errors: [
        {
          messageId: 'urlParse',
          suggestions: [
            {
              messageId: 'useParseQuery',
              output:
                "'use strict';\nconst { parseQuery } = require('@ws-compat/query-params');\nconst url = require('url');\nconst q = parseQuery(req).toObject();",
            },
          ],
        },
      ],
    },
    {
      code: "const q = require('querystring').parse(req.url.split('?')[1]);",
      errors: [
        {
          messageId: 'splitQuery',
          suggestions: [
            {
              messageId: 'useParseQuery',
              output:
                "const { parseQuery } = require('@ws-compat/query-params');\nconst q = parseQuery(req).toObject();",
            },
          ],
        },
      ],
    },
  ],
});

typedTester.run('no-request-target-as-url (types)', typedRule(noRequestTargetAsUrl), {
  valid: [
    {
      // Named `req`, but typed as a Fetch Request: its url is absolute.
      code: "export function handle(req: Request) {\n  return new URL(req.url, 'http://x').searchParams;\n}",
      filename: typedFile,
    },
  ],
  invalid: [
    {
      code: "import type { UpgradeRequest } from './impl';\nexport function handle(incoming: UpgradeRequest) {\n  return new URL(incoming.url!, 'http://x').searchParams;\n}",
      filename: typedFile,
      errors: [
        {
          messageId: 'urlWithBase',
          line: 3,
          suggestions: [
            {
              messageId: 'useParseQuery',
              output:
                "import type { UpgradeRequest } from './impl';\nimport { parseQuery } from '@ws-compat/query-params';\nexport function handle(incoming: UpgradeRequest) {\n  return parseQuery(incoming);\n}",
            },
          ],
        },
      ],
    },
  ],
});
