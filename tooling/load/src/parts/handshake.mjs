// @ts-check
import { alternate } from '../alternate.mjs';
import { serverStats, startClient, startServer } from '../load-processes.mjs';
import { profileFlags, readProfile } from '../profile-summary.mjs';

/**
 * Part 1: handshakes/s of a ws@8 server with `withConnectionContext` (B) against the same bare ws@8
 * server (A), alternating A B A B, from a separate client process writing raw handshakes.
 *
 * @param {import('../plan.mjs').LoadPlan['handshake']} plan
 * @param {{ profileDirectory?: string; control?: boolean }} [options] `profileDirectory`: write a CPU profile of
 *   each server there; `control`: also run the same alternation between two other, fresh, bare servers (A A),
 *   which must give a ratio near 1: how far it strays is the noise of the method on this machine
 */
export async function runHandshakePart(plan, options = {}) {
  const bareProfile = options.profileDirectory ? profileFlags(options.profileDirectory, 'bare') : null;
  const contextProfile = options.profileDirectory ? profileFlags(options.profileDirectory, 'context') : null;
  const bare = await startServer('bare', bareProfile ? { execArgv: bareProfile.execArgv } : {});
  const context = await startServer(
    'context',
    contextProfile ? { execArgv: contextProfile.execArgv } : {},
  ).catch(async (error) => {
    await bare.child.stop();
    throw error;
  });
  const client = await startClient().catch(async (error) => {
    await Promise.all([bare.child.stop(), context.child.stop()]);
    throw error;
  });
  /** @type {import('../alternate.mjs').AlternationResult} */
  let result;
  /** @type {import('../alternate.mjs').AlternationResult | null} */
  let control = null;
  try {
    /** @param {{ child: import('../child-process.mjs').NodeChild; port: number }} server */
    const block = async (server) => {
      const before = await serverStats(server.child, false);
      /** @type {import('../alternate.mjs').Block} */
      const measured = await client.request('handshakes', {
        port: server.port,
        count: plan.perBlock,
        concurrency: plan.concurrency,
      });
      const after = await serverStats(server.child, false);
      return { ...measured, cpuMs: after.cpuMs - before.cpuMs };
    };
    result = await alternate({
      rounds: plan.rounds,
      warmupRounds: plan.warmupRounds,
      runA: () => block(bare),
      runB: () => block(context),
    });
    if (options.control) {
      // Two fresh servers, like the pair above: a server that has already served the whole run is
      // warmer than a new one, and the control would measure that.
      const first = await startServer('bare');
      const second = await startServer('bare').catch(async (error) => {
        await first.child.stop();
        throw error;
      });
      try {
        control = await alternate({
          rounds: plan.rounds,
          warmupRounds: plan.warmupRounds,
          runA: () => block(first),
          runB: () => block(second),
        });
      } finally {
        await Promise.all([first.child.stop(), second.child.stop()]);
      }
    }
  } finally {
    await client.stop();
    await Promise.all([bare.child.stop(), context.child.stop()]);
  }
  return {
    summary: { bare: Math.round(result.aRate), ours: Math.round(result.bRate), ratio: round3(result.ratio) },
    details: {
      handshakesPerBlock: plan.perBlock,
      rounds: plan.rounds,
      concurrency: plan.concurrency,
      failed: result.failed,
      failures: result.failures,
      serverCpuRatio: result.cpuRatio === null ? null : round3(result.cpuRatio),
      control: control
        ? {
            ratio: round3(control.ratio),
            serverCpuRatio: control.cpuRatio === null ? null : round3(control.cpuRatio),
          }
        : null,
      serverCpuMicrosPerHandshake: result.cpuMicrosPerOperation
        ? {
            bare: Math.round(result.cpuMicrosPerOperation.a),
            ours: Math.round(result.cpuMicrosPerOperation.b),
          }
        : null,
      blocks: result.rounds.map(({ a, b }) => ({
        bare: { elapsedMs: Math.round(a.elapsedMs), cpuMs: Math.round(a.cpuMs ?? 0) },
        ours: { elapsedMs: Math.round(b.elapsedMs), cpuMs: Math.round(b.cpuMs ?? 0) },
      })),
      profiles:
        bareProfile && contextProfile
          ? { bare: readProfile(bareProfile.directory), context: readProfile(contextProfile.directory) }
          : null,
    },
  };
}

/** @param {number} value */
export function round3(value) {
  return Math.round(value * 1000) / 1000;
}
