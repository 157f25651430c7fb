import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { buildConnectionContext } from './context.js';
import type { ContextOptions } from './options.js';

/** A request whose socket counts its `getpeername` reads, and can be destroyed (no address after). */
function countingRequest(headers: [string, string][], address = '127.0.0.1') {
  const rawHeaders: string[] = [];
  for (const [name, value] of headers) rawHeaders.push(name, value);
  const socket = {
    reads: 0,
    destroyed: false,
    get remoteAddress(): string | undefined {
      this.reads++;
      return this.destroyed ? undefined : address;
    },
    get remotePort(): number | undefined {
      this.reads++;
      return this.destroyed ? undefined : 41000;
    },
  };
  const request = { url: '/', rawHeaders, socket } as unknown as IncomingMessage;
  return { request, socket };
}

const LOOPBACK: ContextOptions = { trustProxy: ['loopback'] };
const FORWARDED: ContextOptions = { trustProxy: ['loopback'], forwardedHeader: 'forwarded' };

describe('the socket address is read during the build only when a forwarding header is walked', () => {
  test.each<[string, ContextOptions, [string, string][], number, string]>([
    ['no trustProxy, no header', {}, [], 0, '127.0.0.1'],
    ['no trustProxy, X-Forwarded-For ignored', {}, [['X-Forwarded-For', '203.0.113.7']], 0, '127.0.0.1'],
    ['trustProxy, no forwarding header', LOOPBACK, [['Origin', 'https://a.example']], 0, '127.0.0.1'],
    [
      "trustProxy 'forwarded', only X-Forwarded-For (not its header)",
      FORWARDED,
      [['X-Forwarded-For', '203.0.113.7']],
      0,
      '127.0.0.1',
    ],
    ['trustProxy, X-Forwarded-For walked', LOOPBACK, [['X-Forwarded-For', '203.0.113.7']], 1, '203.0.113.7'],
    [
      'trustProxy, X-Forwarded-Proto alone (decides secure)',
      LOOPBACK,
      [['X-Forwarded-Proto', 'https']],
      2,
      '127.0.0.1',
    ],
    [
      "trustProxy 'forwarded', Forwarded walked",
      FORWARDED,
      [['Forwarded', 'for=203.0.113.7']],
      1,
      '203.0.113.7',
    ],
  ])('%s', (_name, options, headers, readsInBuild, address) => {
    const { request, socket } = countingRequest(headers);
    const context = buildConnectionContext(request, options);
    expect(socket.reads).toBe(readsInBuild);
    expect(context.client.address).toBe(address);
    const afterFirstRead = socket.reads;
    expect(afterFirstRead).toBeGreaterThanOrEqual(1);
    // Read once, kept: the same frozen object, no more system calls.
    expect(context.client).toBe(context.client);
    expect(socket.reads).toBe(afterFirstRead);
    expect(Object.isFrozen(context.client)).toBe(true);
  });

  test('a peer read lazily gives what an eager read gave: address, port, family, no hops', () => {
    const { request } = countingRequest([], '::ffff:192.0.2.9');
    expect(buildConnectionContext(request).client).toEqual({
      address: '192.0.2.9',
      port: 41000,
      family: 'IPv4',
      forwardedFor: [],
      viaProxy: false,
    });
  });

  test('read after the socket was destroyed, a lazily read address is null (read it while open)', () => {
    const { request, socket } = countingRequest([]);
    const context = buildConnectionContext(request, LOOPBACK);
    socket.destroyed = true;
    expect(context.client).toEqual({
      address: null,
      port: null,
      family: null,
      forwardedFor: [],
      viaProxy: false,
    });
  });

  test('secure from a trusted X-Forwarded-Proto still needs the peer, and is still decided in the build', () => {
    const { request, socket } = countingRequest([['X-Forwarded-Proto', 'https']]);
    const context = buildConnectionContext(request, LOOPBACK);
    expect(context.secure).toBe(true);
    expect(socket.reads).toBe(2);
    const untrusted = countingRequest([['X-Forwarded-Proto', 'https']], '198.51.100.1');
    expect(buildConnectionContext(untrusted.request, LOOPBACK).secure).toBe(false);
  });

  test('toJSON() shows the lazily read client', () => {
    const { request } = countingRequest([]);
    const json = buildConnectionContext(request).toJSON() as { client: { address: string } };
    expect(json.client.address).toBe('127.0.0.1');
  });
});

describe('a context whose client was never read does not keep its socket alive', () => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  // A WeakRef keeps its target until the current job ends: wait for a macrotask, then collect.
  const collectAfterThisJob = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    collect();
  };

  test.each([
    ['no trustProxy', {}],
    ['trustProxy, no forwarding header', LOOPBACK],
  ])(
    '%s: the socket is collected once nothing else holds it; client then reads as a gone socket',
    async (_name, options) => {
      const built = (() => {
        const { request, socket } = countingRequest([['Origin', 'https://a.example']]);
        return { context: buildConnectionContext(request, options), socket: new WeakRef(socket) };
      })();
      await collectAfterThisJob();
      expect(built.socket.deref()).toBeUndefined();
      expect(built.context.origin).toBe('https://a.example');
      expect(built.context.client).toEqual({
        address: null,
        port: null,
        family: null,
        forwardedFor: [],
        viaProxy: false,
      });
    },
  );

  test('while the socket is held elsewhere (an open connection), client reads it', async () => {
    const { request, socket } = countingRequest([]);
    const context = buildConnectionContext(request);
    await collectAfterThisJob();
    expect(context.client.address).toBe('127.0.0.1');
    expect(socket.reads).toBeGreaterThan(0);
  });
});
