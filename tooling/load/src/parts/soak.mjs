// @ts-check
import { serverStats, startClient, startServer, waitServerIdle } from '../load-processes.mjs';

/**
 * Part 4: connect/close cycles through `connect()` against the context server, in chunks; after each
 * chunk the server is idle and its heap is read after a full GC. Growth is last checkpoint minus first.
 *
 * @param {import('../plan.mjs').LoadPlan['soak']} plan
 */
export async function runSoakPart(plan) {
  const server = await startServer('context');
  const client = await startClient().catch(async (error) => {
    await server.child.stop();
    throw error;
  });
  try {
    /** @type {{ cycles: number; heapUsed: number; rss: number }[]} */
    const checkpoints = [];
    let errors = 0;
    /** @type {string[]} */
    const failures = [];
    let cycles = 0;
    const started = performance.now();
    while (cycles < plan.cycles) {
      const count = Math.min(plan.checkpointEvery, plan.cycles - cycles);
      /** @type {import('../alternate.mjs').Block} */
      const block = await client.request('connectCycles', {
        port: server.port,
        implementation: 'ws',
        via: 'connect',
        count,
        concurrency: plan.concurrency,
        offset: cycles,
      });
      cycles += count;
      errors += block.failed;
      for (const failure of block.failures ?? []) if (failures.length < 5) failures.push(failure);
      await waitServerIdle(server.child, 30_000);
      const stats = await serverStats(server.child, true);
      checkpoints.push({ cycles, heapUsed: stats.heapUsed, rss: stats.rss });
    }
    const last = await serverStats(server.child, false);
    errors += last.socketErrors + last.contextMissing;
    const first = /** @type {(typeof checkpoints)[number]} */ (checkpoints[0]);
    const final = /** @type {(typeof checkpoints)[number]} */ (checkpoints.at(-1));
    return {
      summary: { cycles, heapGrowthBytes: final.heapUsed - first.heapUsed, errors },
      details: {
        elapsedMs: Math.round(performance.now() - started),
        cyclesPerSecond: Math.round((cycles / (performance.now() - started)) * 1000),
        connectionsSeenByServer: last.connectionsTotal,
        failures,
        checkpoints,
      },
    };
  } finally {
    await client.stop();
    await server.child.stop();
  }
}
