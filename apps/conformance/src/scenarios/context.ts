import { headerLines } from '../http-head.js';
import { Checks, expectOpened } from './_checks.js';
import { APP_ORIGIN } from './_fixtures.js';
import type { AttemptRecord, Scenario } from './_types.js';

const SPOOFED = '198.51.100.9';
/** The recorder reaches the proxy from here; the proxy reaches the server from 127.0.0.2 (trusted). */
const PROXIED_CLIENT = '127.0.0.3';

function firstValue(record: AttemptRecord, name: string): string | null {
  return record.request === null ? null : (headerLines(record.request, name)[0]?.value ?? null);
}

export const context: Scenario = {
  id: 'context',
  title:
    'Origin, host, user agent, path and client address: direct, through a trusted proxy hop, and spoofed',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const canSendHeaders = cell.client.adapter.capabilities.headers;
    const direct = await cell.attempt({
      path: '/ctx/some/path?x=1',
      options: canSendHeaders ? { origin: APP_ORIGIN } : {},
    });
    if (expectOpened(checks, direct, 'direct')) {
      const ctx = direct.server?.context;
      if (ctx) {
        if (canSendHeaders) checks.equal(ctx.origin, APP_ORIGIN, 'direct: ctx.origin');
        checks.equal(ctx.origin, firstValue(direct, 'origin'), 'direct: ctx.origin vs Origin bytes');
        checks.equal(ctx.host, `127.0.0.1:${direct.recorderPort}`, 'direct: ctx.host');
        checks.equal(
          ctx.userAgent,
          firstValue(direct, 'user-agent'),
          'direct: ctx.userAgent vs User-Agent bytes',
        );
        checks.equal(ctx.path, `${direct.serverPath}/ctx/some/path`, 'direct: ctx.path');
        checks.equal(ctx.url, `${direct.serverPath}/ctx/some/path?x=1`, 'direct: ctx.url');
        checks.equal(
          {
            address: ctx.client.address,
            port: ctx.client.port,
            family: ctx.client.family,
            viaProxy: ctx.client.viaProxy,
          },
          {
            address: '127.0.0.1',
            port: direct.connections[0]?.upstreamLocalPort ?? null,
            family: 'IPv4',
            viaProxy: false,
          },
          'direct: ctx.client',
        );
        checks.equal(ctx.secure, false, 'direct: ctx.secure');
      }
    }
    const proxied = await cell.attempt({ path: '/ctx/proxied', options: {}, route: 'proxy' });
    if (expectOpened(checks, proxied, 'proxied')) {
      const client = proxied.server?.context?.client;
      if (client) {
        checks.equal(
          { address: client.address, viaProxy: client.viaProxy, forwardedFor: client.forwardedFor },
          { address: PROXIED_CLIENT, viaProxy: true, forwardedFor: [PROXIED_CLIENT] },
          'through the trusted hop: ctx.client',
        );
      }
    }
    if (canSendHeaders) {
      const spoofed = await cell.attempt({
        path: '/ctx/spoofed',
        options: { headers: { shape: 'record', value: { 'X-Forwarded-For': SPOOFED } } },
      });
      if (expectOpened(checks, spoofed, 'spoofed')) {
        checks.equal(firstValue(spoofed, 'x-forwarded-for'), SPOOFED, 'spoofed: X-Forwarded-For was sent');
        const client = spoofed.server?.context?.client;
        if (client) {
          checks.equal(
            { address: client.address, viaProxy: client.viaProxy },
            { address: '127.0.0.1', viaProxy: false },
            'spoofed X-Forwarded-For from an untrusted peer: ctx.client',
          );
        }
      }
    } else {
      checks.note('no spoofing check: this client cannot send X-Forwarded-For');
    }
    return checks.verdict();
  },
};
