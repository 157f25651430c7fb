// @ts-check
import { announceMissing, builtPackages, requirePrerequisites } from '@ws-compat/vitest-config/prerequisites';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handshakeExchange } from './handshake-exchange.mjs';
import { startServer } from './load-processes.mjs';
import { allowedOrigin, honestClientAddress, honestHeaderLines, whoamiMessage } from './scenario.mjs';

// The servers of part 1 that check: each must make the checks its row in docs/performance.md says, or
// its ratio compares nothing. `hand` (by hand), `context` (withConnectionContext) and `upgrade`
// (createUpgradeHandler on a noServer server) answer the same requests the same way; only the address
// the hand-written checks take from X-Forwarded-For is spoofable, which no row here tells apart.

/** @type {import('@ws-compat/vitest-config/prerequisites').Prerequisite} */
let built = { ok: false, reason: 'the packages were not checked yet' };
/** @type {Map<string, { child: import('./child-process.mjs').NodeChild; port: number }>} */
const servers = new Map();
const kinds = /** @type {const} */ (['hand', 'context', 'upgrade']);

beforeAll(async () => {
  built = await builtPackages(['@ws-compat/connection-context', '@ws-compat/header-options'], {
    from: import.meta.url,
    buildCommand: 'pnpm build, or pnpm load, which builds first',
  });
  announceMissing('tooling/load/src/server-process.test.mjs', [built]);
  if (!built.ok) return;
  for (const kind of kinds) servers.set(kind, await startServer(kind, { handshakeTimeoutMs: 2_000 }));
}, 60_000);
afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.child.stop()));
});

/** The honest header lines with one header replaced (`null`: left out). */
const honestWith = (/** @type {string} */ name, /** @type {string | null} */ value) => {
  /** @type {[string, string][]} */
  const lines = honestHeaderLines(0).filter(([header]) => header !== name);
  if (value !== null) lines.push([name, value]);
  return lines;
};

describe.each(kinds)('the %s server of part 1', (kind) => {
  test.for([
    {
      name: 'an honest client through the trusted proxy: 101, chat, its forwarded address',
      headers: honestHeaderLines(0),
      expected: { status: 101, protocol: 'chat', address: honestClientAddress(0) },
    },
    {
      name: 'another origin: 403',
      headers: honestWith('Origin', `${allowedOrigin}.evil.example`),
      expected: { status: 403, protocol: null, address: null },
    },
    {
      name: 'no Authorization: 401',
      headers: honestWith('Authorization', null),
      expected: { status: 401, protocol: null, address: null },
    },
    {
      name: 'no app subprotocol offered: 101 without one',
      headers: honestWith('Sec-WebSocket-Protocol', null),
      expected: { status: 101, protocol: null, address: honestClientAddress(0) },
    },
  ])('$name', async ({ headers, expected }, context) => {
    requirePrerequisites(context, [built]);
    const server = /** @type {{ port: number }} */ (servers.get(kind));
    const result = await handshakeExchange({
      port: server.port,
      target: '/echo',
      headers,
      ...(expected.status === 101 ? { message: whoamiMessage } : {}),
      timeoutMs: 5_000,
    });
    const address = result.reply === null ? null : JSON.parse(result.reply).address;
    expect({ status: result.status, protocol: result.protocol, address }).toEqual(expected);
  });
});
