// @ts-check
import { fileURLToPath } from 'node:url';
import { NodeChild } from './child-process.mjs';

const serverFile = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
const clientFile = fileURLToPath(new URL('./client-process.mjs', import.meta.url));

/**
 * @typedef {object} ProcessOptions
 * @property {number} [fdLimit] soft open-file limit for the child (`ulimit -Sn`)
 * @property {string[]} [execArgv] extra Node flags, e.g. `--cpu-prof`
 */

/** Other engineers rebuild the packages while runs go on: a `dist/` can vanish for a few seconds. */
const packageRetries = 6;
const packageRetryDelayMs = 5_000;

/**
 * Start a child and send it `command`; when that fails because a package is being rebuilt, stop the
 * child and try again a few times.
 *
 * @param {() => NodeChild} spawnChild
 * @param {string} command
 * @param {Record<string, unknown>} payload
 * @returns {Promise<{ child: NodeChild; answer: any }>}
 */
async function startWithRetries(spawnChild, command, payload) {
  for (let attempt = 1; ; attempt++) {
    const child = spawnChild();
    try {
      return { child, answer: await child.request(command, payload, 30_000) };
    } catch (error) {
      await child.stop();
      const message = error instanceof Error ? error.message : String(error);
      if (!message.includes('cannot be loaded yet') || attempt >= packageRetries) throw error;
      console.log(
        `[load] ${child.name}: a package is being rebuilt, retrying in ${packageRetryDelayMs / 1000} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, packageRetryDelayMs));
    }
  }
}

/**
 * The servers of `src/server-process.mjs`: bare ws, the context with trustProxy only, the checks by hand,
 * every check through withConnectionContext, every check through createUpgradeHandler (noServer).
 *
 * @typedef {'bare' | 'proxy' | 'hand' | 'context' | 'upgrade'} ServerKind
 */

/**
 * A ws@8 server in a child process with `--expose-gc`, listening on 127.0.0.1.
 *
 * @param {ServerKind} kind
 * @param {ProcessOptions & { handshakeTimeoutMs?: number }} [options]
 * @returns {Promise<{ child: NodeChild; port: number }>}
 */
export async function startServer(kind, options = {}) {
  const { child, answer } = await startWithRetries(
    () => new NodeChild(serverFile, { name: `${kind} server`, exposeGc: true, ...childOptions(options) }),
    'start',
    { kind, handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000 },
  );
  return { child, port: answer.port };
}

/**
 * The client child process, once it has loaded the packages it uses.
 *
 * @param {ProcessOptions} [options]
 * @returns {Promise<NodeChild>}
 */
export async function startClient(options = {}) {
  const { child } = await startWithRetries(
    () => new NodeChild(clientFile, { name: 'client', ...childOptions(options) }),
    'ready',
    {},
  );
  return child;
}

/** @param {ProcessOptions} options */
function childOptions(options) {
  return {
    ...(options.fdLimit === undefined ? {} : { fdLimit: options.fdLimit }),
    ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
  };
}

/**
 * Server statistics, as answered by the server process.
 *
 * @typedef {{ heapUsed: number; rss: number; external: number; arrayBuffers: number; cpuMs: number; open: number; tcp: number; connectionsTotal: number; socketErrors: number; contextMissing: number }} ServerStats
 */

/**
 * @param {NodeChild} server
 * @param {boolean} gc
 * @returns {Promise<ServerStats>}
 */
export function serverStats(server, gc) {
  return server.request('stats', { gc });
}

/**
 * Wait for the server to have no connection left; throws if some remain after `timeoutMs`.
 *
 * @param {NodeChild} server
 * @param {number} timeoutMs
 */
export async function waitServerIdle(server, timeoutMs) {
  /** @type {{ idle: boolean; open: number; tcp: number }} */
  const state = await server.request('waitIdle', { timeoutMs }, timeoutMs + 10_000);
  if (!state.idle)
    throw new Error(
      `server still has ${state.open} WebSockets and ${state.tcp} TCP connections after ${timeoutMs} ms`,
    );
}
