// @ts-check
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RehearsalFailure } from './rehearsal-failure.js';
import { childEnvironment } from './run-command.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./verdaccio-server.js', import.meta.url));
const STARTUP_LIMIT_MS = 30_000;

/**
 * @typedef {object} LocalRegistry
 * @property {string} url        `http://127.0.0.1:<port>/`
 * @property {string} userconfig a temporary npmrc with the registry and the token, for child processes only
 * @property {string} logFile    Verdaccio's own log
 * @property {() => Promise<void>} stop
 */

/**
 * The Verdaccio configuration: storage in `directory`, `@ws-compat/*` served only from what is
 * published here (no uplink, so nothing can leak in from the public registry), everything else
 * proxied to `uplink` so a consumer can install `@types/node`.
 *
 * @param {string} directory
 * @param {string} uplink
 */
export function verdaccioConfig(directory, uplink) {
  const quote = (/** @type {string} */ value) => JSON.stringify(value);
  return [
    `storage: ${quote(path.join(directory, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${quote(path.join(directory, 'htpasswd'))}`,
    '    max_users: 10',
    'uplinks:',
    '  npmjs:',
    `    url: ${quote(uplink)}`,
    '    timeout: 60s',
    'packages:',
    "  '@ws-compat/*':",
    '    access: $all',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    proxy: npmjs',
    'web:',
    '  enable: false',
    'log:',
    '  type: stdout',
    '  format: pretty',
    '  level: warn',
    '',
  ].join('\n');
}

/**
 * Starts Verdaccio on 127.0.0.1 and a free port with its storage in `directory`, creates a user,
 * and writes an npmrc holding its token (in `directory`, deleted with it).
 *
 * @param {{ directory: string; uplink: string; signal?: AbortSignal }} options
 * @returns {Promise<LocalRegistry>}
 * @throws {RehearsalFailure} when Verdaccio does not start within 30 s or refuses the user
 */
export async function startVerdaccio({ directory, uplink, signal }) {
  await mkdir(path.join(directory, 'storage'), { recursive: true });
  const configPath = path.join(directory, 'config.yaml');
  await writeFile(configPath, verdaccioConfig(directory, uplink));
  const logFile = path.join(directory, 'verdaccio.log');
  const log = createWriteStream(logFile);

  const child = spawn(process.execPath, [SERVER_SCRIPT, configPath], {
    cwd: directory,
    env: childEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  signal?.addEventListener('abort', () => child.kill('SIGKILL'), { once: true });

  /** @type {number} */
  let port;
  try {
    port = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(
        () => reject(new Error(`it did not listen within ${STARTUP_LIMIT_MS / 1000} s`)),
        STARTUP_LIMIT_MS,
      );
      child.stdout.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
        log.write(chunk);
        buffered += chunk;
        for (const line of buffered.split('\n')) {
          if (!line.startsWith('{"listening"')) continue;
          clearTimeout(timer);
          resolve(JSON.parse(line).listening.port);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`it exited with code ${code} before listening`));
      });
    });
  } catch (error) {
    await stop();
    throw new RehearsalFailure(
      null,
      `Verdaccio did not start: ${/** @type {Error} */ (error).message} (log: ${logFile})`,
      {
        cause: error,
      },
    );
  }

  const url = `http://127.0.0.1:${port}/`;
  try {
    const token = await createUser(url, 'rehearsal', `rehearsal-${process.pid}-${Date.now()}`, signal);
    const userconfig = path.join(directory, 'npmrc');
    await writeFile(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`, {
      mode: 0o600,
    });
    return { url, userconfig, logFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Creates a registry user the way `npm adduser` does (CouchDB user document) and returns its token.
 *
 * @param {string} registryUrl
 * @param {string} name
 * @param {string} password
 * @param {AbortSignal} [signal]
 * @returns {Promise<string>}
 * @throws {RehearsalFailure} when the registry does not answer 201 with a token
 */
async function createUser(registryUrl, name, password, signal) {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${encodeURIComponent(name)}`, registryUrl), {
    method: 'PUT',
    ...(signal ? { signal } : {}),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [] }),
  });
  const body = /** @type {{ token?: unknown; error?: unknown }} */ (await response.json().catch(() => ({})));
  if (response.status !== 201 || typeof body.token !== 'string') {
    throw new RehearsalFailure(
      null,
      `Verdaccio refused to create user "${name}": HTTP ${response.status} ${JSON.stringify(body.error ?? body)}`,
    );
  }
  return body.token;
}
