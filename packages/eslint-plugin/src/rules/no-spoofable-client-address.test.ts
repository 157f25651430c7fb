import { eslintRule, javascriptTester } from '../_test/rule-tester.js';
import { noSpoofableClientAddress } from './no-spoofable-client-address.js';

const rule = eslintRule(noSpoofableClientAddress);
const IMPORT = "import { buildConnectionContext } from '@ws-compat/connection-context';";
const FIRST_HOP =
  'The first hop of `x-forwarded-for` is whatever the client wrote: anyone can send `x-forwarded-for: 1.2.3.4`, and a proxy appends to it. Take the address from the hop your trusted proxy wrote: `buildConnectionContext(req, { trustProxy }).client.address` from @ws-compat/connection-context.';

javascriptTester.run('no-spoofable-client-address', rule, {
  valid: [
    // Read and logged, never used as the address.
    "console.log('forwarded for', req.headers['x-forwarded-for']);",
    "logger.info({ forwardedFor: req.headers['x-forwarded-for'] });",
    "const forwarded = req.headers['x-forwarded-for'];",
    // The socket address, and the shim.
    'const ip = req.socket.remoteAddress;',
    'const ip = buildConnectionContext(req, { trustProxy: ["10.0.0.1"] }).client.address;',
    // The last hop (the one the nearest proxy appended) is not the spoofable one.
    "const ip = req.headers['x-forwarded-for'].split(',').pop();",
    // A trust decision around the read.
    "if (trustedProxies.has(req.socket.remoteAddress)) { ip = req.headers['x-forwarded-for'].split(',')[0]; }",
    "const ip = isTrustedProxy(req.socket.remoteAddress) ? req.headers['x-real-ip'] : req.socket.remoteAddress;",
    // Other headers.
    "const ua = req.headers['user-agent'].split(' ')[0];",
    "const lang = req.get('accept-language').split(',')[0];",
    // Second hop, not first.
    "const hop = req.headers['x-forwarded-for'].split(',')[1];",
  ],
  invalid: [
    {
      code: "const ip = req.headers['x-forwarded-for'].split(',')[0];",
      errors: [
        {
          message: FIRST_HOP,
          line: 1,
          column: 12,
          suggestions: [
            {
              messageId: 'useConnectionContext',
              data: { request: 'req' },
              output: `${IMPORT}\nconst ip = buildConnectionContext(req).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const ip = (req.headers['x-forwarded-for'] || '').split(',')[0].trim();",
      errors: [
        {
          messageId: 'firstHop',
          data: { header: 'x-forwarded-for' },
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst ip = buildConnectionContext(req).client.address.trim();`,
            },
          ],
        },
      ],
    },
    {
      code: "const first = request.headers['X-Forwarded-For']?.split(/\\s*,\\s*/).shift();",
      errors: [
        {
          messageId: 'firstHop',
          data: { header: 'X-Forwarded-For' },
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst first = buildConnectionContext(request).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const [client] = req.get('x-forwarded-for').split(',');",
      errors: [
        {
          messageId: 'firstHop',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst client = buildConnectionContext(req).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const [a, b] = req.headers.forwarded.split(',');",
      errors: [{ messageId: 'firstHop', data: { header: 'forwarded' }, suggestions: [] }],
    },
    {
      // Express's typings allow a string[]: its first element is the first header line, client-written.
      code: "const ip = req.headers['x-forwarded-for'][0];",
      errors: [
        {
          messageId: 'firstHop',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst ip = buildConnectionContext(req).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const ip = request.headers.get('x-forwarded-for').split(',').at(0);",
      errors: [
        {
          messageId: 'firstHop',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst ip = buildConnectionContext(request).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const first = headers['x-forwarded-for'].split(',')[0];",
      errors: [{ messageId: 'firstHop', suggestions: [] }],
    },
    {
      code: "const clientIp = req.headers['x-real-ip'];",
      errors: [
        {
          message:
            '`x-real-ip` is used as the client address without checking who sent it: a client that reaches the server directly, or through a proxy that passes the header on, chooses it. Use `buildConnectionContext(req, { trustProxy }).client.address` from @ws-compat/connection-context.',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst clientIp = buildConnectionContext(req).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "const where = req.headers['x-forwarded-for'] || req.socket.remoteAddress;",
      errors: [
        {
          messageId: 'headerAsAddress',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nconst where = buildConnectionContext(req).client.address || req.socket.remoteAddress;`,
            },
          ],
        },
      ],
    },
    {
      code: "session.remote_addr = req.header('X-Real-IP');",
      errors: [
        {
          messageId: 'headerAsAddress',
          data: { header: 'X-Real-IP' },
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\nsession.remote_addr = buildConnectionContext(req).client.address;`,
            },
          ],
        },
      ],
    },
    {
      code: "audit({ clientAddress: ctx.req.headers['x-real-ip'] ?? 'unknown' });",
      errors: [
        {
          messageId: 'headerAsAddress',
          suggestions: [
            {
              messageId: 'useConnectionContext',
              output: `${IMPORT}\naudit({ clientAddress: buildConnectionContext(ctx.req).client.address ?? 'unknown' });`,
            },
          ],
        },
      ],
    },
  ],
});
