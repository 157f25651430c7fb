// @ts-check
import { readFileSync } from 'node:fs';
import { alternate } from '../alternate.mjs';
import { startClient, startServer } from '../load-processes.mjs';
import { profileFlags, readProfile } from '../profile-summary.mjs';
import { round3 } from './handshake.mjs';

/**
 * The version of an installed dependency, read from its package.json.
 *
 * @param {string} name
 */
function installedVersion(name) {
  const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
  return /** @type {{ version: string }} */ (JSON.parse(readFileSync(url, 'utf8'))).version;
}

/**
 * Part 2: open/close cycles through `connect()` (B) against a direct `new WebSocket` (A), on ws 8,
 * undici 7 and Node's global WebSocket (in a second client process started with
 * --experimental-websocket, as Node 20 needs), alternating, against one bare ws@8 server.
 *
 * @param {import('../plan.mjs').LoadPlan['connect']} plan
 * @param {{ profileDirectory?: string }} [options] write a CPU profile of the client process under this directory
 */
export async function runConnectPart(plan, options = {}) {
  const clientProfile = options.profileDirectory ? profileFlags(options.profileDirectory, 'client') : null;
  const server = await startServer('bare');
  const client = await startClient(clientProfile ? { execArgv: clientProfile.execArgv } : {}).catch(
    async (error) => {
      await server.child.stop();
      throw error;
    },
  );
  // Node 22+ have the global unflagged; the flag is still accepted there.
  const nodeClient = await startClient({ execArgv: ['--experimental-websocket'] }).catch(async (error) => {
    await Promise.all([client.stop(), server.child.stop()]);
    throw error;
  });
  /** @type {{ client: string; ratio: number }[]} */
  const entries = [];
  /** @type {Record<string, unknown>[]} */
  const details = [];
  try {
    for (const [implementation, name] of /** @type {const} */ ([
      ['ws', 'ws8'],
      ['undici', 'undici7'],
      ['node', null],
    ])) {
      const runner = implementation === 'node' ? nodeClient : client;
      let offset = 0;
      /** @param {'direct' | 'connect'} via */
      const block = (via) => {
        offset += plan.perBlock;
        return runner.request('connectCycles', {
          port: server.port,
          implementation,
          via,
          count: plan.perBlock,
          concurrency: plan.concurrency,
          offset,
        });
      };
      const result = await alternate({
        rounds: plan.rounds,
        warmupRounds: plan.warmupRounds,
        runA: () => /** @type {Promise<import('../alternate.mjs').Block>} */ (block('direct')),
        runB: () => /** @type {Promise<import('../alternate.mjs').Block>} */ (block('connect')),
      });
      const id =
        name === null
          ? `node@${process.versions.node} (global, undici ${process.versions.undici})`
          : `${implementation}@${installedVersion(name)}`;
      entries.push({ client: id, ratio: round3(result.ratio) });
      details.push({
        client: id,
        connectsPerArm: plan.rounds * plan.perBlock,
        directPerSecond: Math.round(result.aRate),
        connectPerSecond: Math.round(result.bRate),
        clientCpuRatio: result.cpuRatio === null ? null : round3(result.cpuRatio),
        clientCpuMicrosPerConnect: result.cpuMicrosPerOperation
          ? {
              direct: Math.round(result.cpuMicrosPerOperation.a),
              connect: Math.round(result.cpuMicrosPerOperation.b),
            }
          : null,
        failed: result.failed,
        failures: result.failures,
        blocks: result.rounds.map(({ a, b }) => ({
          direct: { elapsedMs: Math.round(a.elapsedMs), clientCpuMs: Math.round(a.cpuMs ?? 0) },
          connect: { elapsedMs: Math.round(b.elapsedMs), clientCpuMs: Math.round(b.cpuMs ?? 0) },
        })),
      });
    }
  } finally {
    await Promise.all([client.stop(), nodeClient.stop()]);
    await server.child.stop();
  }
  return {
    summary: entries,
    details: { clients: details, profile: clientProfile ? readProfile(clientProfile.directory) : null },
  };
}
