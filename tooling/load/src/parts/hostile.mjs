// @ts-check
import { serverStats, startClient, startServer, waitServerIdle } from '../load-processes.mjs';

/**
 * Part 5: honest clients mixed 1 : 4 with every hostile kind, against the context server with a
 * handshake timeout. Memory is compared after a full GC before (after a warm-up that runs every kind
 * once) and after the mix, once the server is idle again.
 *
 * @param {import('../plan.mjs').LoadPlan['hostile']} plan
 */
export async function runHostilePart(plan) {
  const server = await startServer('context', { handshakeTimeoutMs: plan.handshakeTimeoutMs });
  const client = await startClient().catch(async (error) => {
    await server.child.stop();
    throw error;
  });
  try {
    const mix = {
      port: server.port,
      hostilePerHonest: plan.hostilePerHonest,
      concurrency: plan.concurrency,
      stallConcurrency: plan.stallConcurrency,
      handshakeTimeoutMs: plan.handshakeTimeoutMs,
    };
    // Warm-up: a tenth of the mix, so the baseline already holds the optimised code of every path
    // and the pools and caches that Node and ws keep; what stays above it afterwards is retained.
    await client.request('hostileMix', { ...mix, honest: Math.max(5, Math.round(plan.honest / 10)) });
    await waitServerIdle(server.child, 30_000);
    const baseline = await serverStats(server.child, true);

    /** @type {{ honest: number; honestFailed: number; honestFailures: string[]; hostile: number; unexpectedStatus: number; perKind: { name: string; expected: string; sent: number; unexpected: number; samples: string[] }[]; elapsedMs: number }} */
    const result = await client.request('hostileMix', { ...mix, honest: plan.honest });
    let idle = true;
    await waitServerIdle(server.child, 30_000).catch(() => {
      idle = false;
    });
    const crashedDuringMix = server.child.crashed;
    const after = crashedDuringMix ? null : await serverStats(server.child, true);
    return {
      summary: {
        honest: result.honest,
        honestFailed: result.honestFailed,
        hostile: result.hostile,
        unexpectedStatus: result.unexpectedStatus,
        serverCrashed: crashedDuringMix,
      },
      details: {
        handshakeTimeoutMs: plan.handshakeTimeoutMs,
        elapsedMs: Math.round(result.elapsedMs),
        honestFailures: result.honestFailures,
        perKind: result.perKind,
        serverIdleAfter: idle,
        heapGrowthBytes: after ? after.heapUsed - baseline.heapUsed : null,
        rssGrowthBytes: after ? after.rss - baseline.rss : null,
        server: { baseline: { heapUsed: baseline.heapUsed, rss: baseline.rss }, after },
      },
    };
  } finally {
    await client.stop();
    await server.child.stop();
  }
}
