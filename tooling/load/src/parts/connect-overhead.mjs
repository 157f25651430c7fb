// @ts-check
import { readFileSync } from 'node:fs';
import { alternateArms, blockDetails, summarizePair } from '../alternate.mjs';
import { startClient, startServer } from '../load-processes.mjs';
import { profileFlags, readProfile } from '../profile-summary.mjs';

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
 * Part 2: open/close cycles through `connect()` against a direct `new WebSocket`, on ws 8, undici 7
 * and Node's global WebSocket (in a second client process started with --experimental-websocket, as
 * Node 20 needs), against one bare ws@8 server. Three arms per client in rotating blocks: `direct`,
 * `connect` and `directControl` (the direct constructor again: the A/A ratio, the method's noise in the
 * same child process). Node's global gets
 * `plan.nodeGlobalRounds` rounds (more than the others: one run of it once gave 0.88 and another 1.13).
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
  /** @type {{ client: string; ratio: number; control: number }[]} */
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
      const rounds = implementation === 'node' ? plan.nodeGlobalRounds : plan.rounds;
      let offset = 0;
      /** @param {'direct' | 'connect'} via */
      const block = (via) => {
        offset += plan.perBlock;
        return /** @type {Promise<import('../alternate.mjs').Block>} */ (
          runner.request('connectCycles', {
            port: server.port,
            implementation,
            via,
            count: plan.perBlock,
            concurrency: plan.concurrency,
            offset,
          })
        );
      };
      const result = await alternateArms({
        rounds,
        warmupRounds: plan.warmupRounds,
        arms: {
          direct: () => block('direct'),
          connect: () => block('connect'),
          directControl: () => block('direct'),
        },
      });
      const id =
        name === null
          ? `node@${process.versions.node} (global, undici ${process.versions.undici})`
          : `${implementation}@${installedVersion(name)}`;
      const ratio = summarizePair(result, 'connect', 'direct');
      const control = summarizePair(result, 'directControl', 'direct');
      entries.push({ client: id, ratio: ratio.ratio, control: control.ratio });
      const directCpu = result.cpuMicrosPerOperation('direct');
      const connectCpu = result.cpuMicrosPerOperation('connect');
      details.push({
        client: id,
        rounds,
        connectsPerArm: rounds * plan.perBlock,
        order: 'one block of each arm per round, order rotated every round',
        directPerSecond: Math.round(result.rate('direct')),
        connectPerSecond: Math.round(result.rate('connect')),
        directControlPerSecond: Math.round(result.rate('directControl')),
        ratio,
        control,
        clientCpuRatio: ratio.cpuRatio,
        clientCpuMicrosPerConnect:
          directCpu === null || connectCpu === null
            ? null
            : { direct: Math.round(directCpu), connect: Math.round(connectCpu) },
        ...blockDetails(result),
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
