// The behaviour a consumer relies on, checked against the packages as installed from the registry.
// CommonJS so both entry scripts can load it on Node 18: check-esm.mjs hands it the packages as
// loaded by `import`, check-cjs.cjs as loaded by `require`. Each check prints one JSON line.
'use strict';

const http = require('node:http');
const net = require('node:net');
const { deepStrictEqual, ok, strictEqual, throws } = require('node:assert/strict');

/**
 * @typedef {Record<string, any>} PackageModule
 * @typedef {{ headerOptions: PackageModule; queryParams: PackageModule; connectionContext: PackageModule; socket: PackageModule }} Packages
 */

/**
 * The contract's exports each package must have (ARCHITECTURE.md).
 * @type {Record<keyof Packages, { name: string; exports: string[] }>}
 */
const CONTRACT = {
  queryParams: {
    name: '@ws-compat/query-params',
    exports: ['parseQuery', 'tryParseQuery', 'QueryParams', 'QueryParamsError'],
  },
  headerOptions: {
    name: '@ws-compat/header-options',
    exports: [
      'createWebSocket',
      'connect',
      'toConstructorArgs',
      'detectImplementation',
      'normalizeHeaders',
      'bearerSubprotocol',
      'HeaderOptionsError',
      'HandshakeError',
    ],
  },
  connectionContext: {
    name: '@ws-compat/connection-context',
    exports: [
      'buildConnectionContext',
      'withConnectionContext',
      'contextOf',
      'selectSubprotocol',
      'ConnectionContextError',
    ],
  },
  socket: {
    name: '@ws-compat/socket',
    exports: ['wrapSocket', 'SocketError'],
  },
};

/**
 * The smallest WHATWG-shaped socket (Node 18 has no global WebSocket and the consumer installs no ws):
 * enough to drive the facade's own behaviour without a network.
 */
class FakeWebSocket extends EventTarget {
  constructor() {
    super();
    this.readyState = 1;
    this.bufferedAmount = 0;
    this.binaryType = 'blob';
    this.url = 'ws://rehearsal.example/ws';
    this.protocol = '';
    this.extensions = '';
    /** @type {unknown[][]} */
    this.calls = [];
  }

  /** @param {unknown} data */
  send(data) {
    this.calls.push(['send', data]);
  }

  /** @param {unknown[]} args */
  close(...args) {
    this.calls.push(['close', ...args]);
  }
}

const TOKEN = 'rehearsal-token-7f3a';

/**
 * A real `http.IncomingMessage` for a WebSocket upgrade, as a ws server hands it to
 * `verifyClient`: nothing is connected, so the peer address is unknown.
 *
 * @param {string} encodedToken
 */
function upgradeRequest(encodedToken) {
  const request = new http.IncomingMessage(new net.Socket());
  const headers = [
    ['Host', 'ws.example'],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Origin', 'https://app.example'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Protocol', `chat, ${encodedToken}`],
    ['User-Agent', 'ws-compat-release-rehearsal'],
  ];
  request.method = 'GET';
  request.url = '/ws?room=lobby&room=hall';
  request.httpVersion = '1.1';
  request.httpVersionMajor = 1;
  request.httpVersionMinor = 1;
  request.rawHeaders = headers.flat();
  request.headers = Object.fromEntries(
    headers.map(([name, value]) => [String(name).toLowerCase(), String(value)]),
  );
  return request;
}

/**
 * @param {Packages} packages
 * @returns {Array<{ package: keyof Packages; check: string; run: () => void }>}
 */
function checks({ headerOptions, queryParams, connectionContext, socket }) {
  return [
    {
      package: 'queryParams',
      check: 'QueryParamsError is an Error subclass',
      run() {
        ok(queryParams.QueryParamsError.prototype instanceof Error);
      },
    },
    {
      package: 'queryParams',
      check: "parseQuery('/ws?x=1&x=2&y=a%20b#z') reads like URLSearchParams",
      run() {
        const query = queryParams.parseQuery('/ws?x=1&x=2&y=a%20b#z');
        ok(query instanceof queryParams.QueryParams, 'the result is a QueryParams');
        strictEqual(query.get('x'), '1');
        strictEqual(query.getLast('x'), '2');
        deepStrictEqual(query.getAll('x'), ['1', '2']);
        strictEqual(query.get('y'), 'a b');
        strictEqual(query.has('z'), false);
        deepStrictEqual({ ...query.toObject({ duplicates: 'array' }) }, { x: ['1', '2'], y: ['a b'] });
        strictEqual(queryParams.parseQuery('//evil.example/x?a=1').get('a'), '1');
      },
    },
    {
      package: 'queryParams',
      check: 'parseQuery throws QueryParamsError TOO_MANY_PARAMS past maxParams',
      run() {
        throws(
          () => queryParams.parseQuery('a=1&b=2', { maxParams: 1 }),
          (error) => error instanceof queryParams.QueryParamsError && error.code === 'TOO_MANY_PARAMS',
        );
      },
    },
    {
      package: 'headerOptions',
      check: 'HeaderOptionsError is a TypeError, HandshakeError an Error',
      run() {
        ok(headerOptions.HeaderOptionsError.prototype instanceof TypeError);
        ok(headerOptions.HandshakeError.prototype instanceof Error);
      },
    },
    {
      package: 'headerOptions',
      check: 'bearerSubprotocol encodes the Kubernetes way and decodes back',
      run() {
        const encoded = headerOptions.bearerSubprotocol.encode(TOKEN);
        ok(encoded.startsWith('base64url.bearer.authorization.k8s.io.'), encoded);
        strictEqual(headerOptions.bearerSubprotocol.decode(encoded), TOKEN);
      },
    },
    {
      package: 'headerOptions',
      check: 'toConstructorArgs gives ws its headers and protocols',
      run() {
        class FakeWebSocket {}
        const args = headerOptions.toConstructorArgs(FakeWebSocket, 'ws://127.0.0.1:9/ws', {
          implementation: 'ws',
          headers: { 'X-Rehearsal': 'yes' },
          protocols: ['chat'],
        });
        ok(Array.isArray(args), 'an array of constructor arguments');
        strictEqual(String(args[0]), 'ws://127.0.0.1:9/ws');
        const text = JSON.stringify(args).toLowerCase();
        ok(text.includes('"chat"'), `the protocol is passed: ${text}`);
        ok(text.includes('x-rehearsal') && text.includes('"yes"'), `the header is passed: ${text}`);
      },
    },
    {
      package: 'headerOptions',
      check: 'toConstructorArgs moves the bearer token into a subprotocol for browsers',
      run() {
        class FakeWebSocket {}
        const args = headerOptions.toConstructorArgs(FakeWebSocket, 'wss://ws.example/ws', {
          implementation: 'browser',
          protocols: ['chat'],
          bearer: TOKEN,
        });
        const encoded = headerOptions.bearerSubprotocol.encode(TOKEN);
        ok(
          JSON.stringify(args).includes(encoded),
          `the token subprotocol is offered: ${JSON.stringify(args)}`,
        );
      },
    },
    {
      package: 'headerOptions',
      check: 'normalizeHeaders rejects an invalid header name with INVALID_HEADER_NAME',
      run() {
        throws(
          () => headerOptions.normalizeHeaders({ 'bad name': 'x' }),
          (error) =>
            error instanceof headerOptions.HeaderOptionsError && error.code === 'INVALID_HEADER_NAME',
        );
      },
    },
    {
      package: 'connectionContext',
      check: 'ConnectionContextError is an Error subclass',
      run() {
        ok(connectionContext.ConnectionContextError.prototype instanceof Error);
      },
    },
    {
      package: 'connectionContext',
      check: 'buildConnectionContext reads a real IncomingMessage',
      run() {
        const encoded = headerOptions.bearerSubprotocol.encode(TOKEN);
        const context = connectionContext.buildConnectionContext(upgradeRequest(encoded));
        ok(Object.isFrozen(context), 'the context is frozen');
        strictEqual(context.path, '/ws');
        ok(context.query instanceof queryParams.QueryParams, 'query is the installed QueryParams (one copy)');
        strictEqual(context.query.get('room'), 'lobby');
        strictEqual(context.origin, 'https://app.example');
        strictEqual(context.headers.get('user-agent'), 'ws-compat-release-rehearsal');
        deepStrictEqual([...context.subprotocols], ['chat']);
        strictEqual(context.auth?.token, TOKEN);
        strictEqual(context.auth?.source, 'subprotocol');
        ok(!JSON.stringify(context).includes(TOKEN), 'toJSON() leaves the token out');
      },
    },
    {
      package: 'socket',
      check: 'SocketError is an Error subclass; a non-socket is refused with INVALID_SOCKET',
      run() {
        ok(socket.SocketError.prototype instanceof Error);
        throws(
          () => socket.wrapSocket({}),
          (error) => error instanceof socket.SocketError && error.code === 'INVALID_SOCKET',
        );
      },
    },
    {
      package: 'socket',
      check: 'wrapSocket: one facade per socket; messages reach listeners; a throwing listener is isolated',
      run() {
        const raw = new FakeWebSocket();
        /** @type {unknown[]} */
        const isolated = [];
        const facade = socket.wrapSocket(raw, { onListenerError: (error) => isolated.push(error) });
        strictEqual(socket.wrapSocket(raw), facade);
        /** @type {unknown[]} */
        const seen = [];
        facade.addEventListener('message', () => {
          throw new Error('listener bug');
        });
        facade.onmessage = (/** @type {{ data: unknown }} */ event) => seen.push(event.data);
        raw.dispatchEvent(Object.assign(new Event('message'), { data: 'hi' }));
        deepStrictEqual(seen, ['hi']);
        strictEqual(isolated.length, 1);
      },
    },
    {
      package: 'socket',
      check: 'close() validates before the implementation is touched; close(undefined, r) sends 1000',
      run() {
        const raw = new FakeWebSocket();
        const facade = socket.wrapSocket(raw);
        throws(
          () => facade.close(1001),
          (error) => error instanceof DOMException && error.name === 'InvalidAccessError',
        );
        throws(
          () => facade.close(1000, 'x'.repeat(124)),
          (error) => error instanceof DOMException && error.name === 'SyntaxError',
        );
        strictEqual(facade.readyState, 1);
        deepStrictEqual(raw.calls, []);
        facade.send(null);
        facade.close(undefined, 'bye');
        deepStrictEqual(raw.calls, [
          ['send', 'null'],
          ['close', 1000, 'bye'],
        ]);
        strictEqual(facade.readyState, 2);
      },
    },
    {
      package: 'connectionContext',
      check: 'selectSubprotocol never selects the token subprotocol',
      run() {
        const encoded = headerOptions.bearerSubprotocol.encode(TOKEN);
        strictEqual(connectionContext.selectSubprotocol([encoded, 'chat'], ['chat']), 'chat');
        strictEqual(connectionContext.selectSubprotocol([encoded], [encoded]), false);
      },
    },
  ];
}

/**
 * Runs every check and prints one JSON line each:
 * `{"package":"@ws-compat/query-params","check":"...","ok":false,"problem":"..."}`.
 * A missing contract export is reported once, and the checks that need it are not run.
 *
 * @param {Packages} packages
 * @returns {boolean} whether every check passed
 */
function runBehaviourChecks(packages) {
  let passed = true;
  /** @param {{ package: string; check: string; ok: boolean; problem?: string }} line */
  const report = (line) => {
    passed &&= line.ok;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  /** @type {Set<keyof Packages>} */
  const incomplete = new Set();
  for (const [key, { name, exports }] of Object.entries(CONTRACT)) {
    const loaded = packages[/** @type {keyof Packages} */ (key)];
    const missing = exports.filter((name) => loaded[name] === undefined);
    if (missing.length > 0) incomplete.add(/** @type {keyof Packages} */ (key));
    report({
      package: name,
      check: 'exports the contract',
      ok: missing.length === 0,
      ...(missing.length > 0
        ? {
            problem: `missing export${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (has ${Object.keys(loaded).join(', ')})`,
          }
        : {}),
    });
  }
  for (const check of checks(packages)) {
    const name = CONTRACT[check.package].name;
    try {
      check.run();
      report({ package: name, check: check.check, ok: true });
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const problem =
        incomplete.has(check.package) && /is not a function|is not a constructor|of undefined/.test(message)
          ? `${message} (an export is missing)`
          : message;
      report({ package: name, check: check.check, ok: false, problem });
    }
  }
  return passed;
}

module.exports = { runBehaviourChecks };
