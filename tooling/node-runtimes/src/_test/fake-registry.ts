import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha512Of, tempDir } from './runtime-tarball.js';

/**
 * A tiny npm registry on loopback: packuments and tarballs, enough for `npm view` and `npm pack`.
 * `env` points npm at it (and at a fresh npm cache, so nothing is served from an earlier test).
 */
export interface FakeRegistry {
  url: string;
  env: Record<string, string>;
  /** every request path, in order */
  requests: string[];
  /** serve `bytes` as `name@version`; `integrity` overrides what the packument claims */
  publish(name: string, version: string, bytes: Uint8Array, integrity?: string): void;
  close(): Promise<void>;
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const packages = new Map<string, Map<string, { bytes: Uint8Array; integrity: string }>>();
  const requests: string[] = [];
  let url = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    requests.push(path);
    const tarball = /^\/([^/]+)\/-\/(.+)\.tgz$/.exec(path);
    if (tarball) {
      const [, name = '', file = ''] = tarball;
      const version = file.slice(name.length + 1);
      const entry = packages.get(name)?.get(version);
      if (entry === undefined) return notFound(response);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(entry.bytes);
      return;
    }
    const name = path.slice(1);
    const versions = packages.get(name);
    if (versions === undefined) return notFound(response);
    const packument = {
      _id: name,
      name,
      'dist-tags': { latest: [...versions.keys()].at(-1) },
      versions: Object.fromEntries(
        [...versions].map(([version, entry]) => [
          version,
          {
            name,
            version,
            dist: {
              integrity: entry.integrity,
              shasum: createHash('sha1').update(entry.bytes).digest('hex'),
              tarball: `${url}/${name}/-/${name}-${version}.tgz`,
            },
          },
        ]),
      ),
    };
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      npm_config_registry: `${url}/`,
      npm_config_cache: tempDir('node-runtimes-npm-cache-'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
    requests,
    publish(name, version, bytes, integrity) {
      const versions = packages.get(name) ?? new Map();
      versions.set(version, { bytes, integrity: integrity ?? sha512Of(bytes) });
      packages.set(name, versions);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function notFound(response: import('node:http').ServerResponse): void {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: 'Not found' }));
}
