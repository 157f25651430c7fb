// @ts-check
import { serverStats, startClient, startServer, waitServerIdle } from '../load-processes.mjs';

/**
 * Part 3: hold `connections` open connections to the context server, one message each, close all.
 * Memory per connection is the server's heap / RSS after a full GC with all of them open, minus the
 * same after a warm-up with none open, divided by the number held.
 *
 * @param {import('../plan.mjs').LoadPlan['concurrency']} plan
 * @param {number | undefined} fdLimit soft open-file limit for both processes
 */
export async function runConcurrencyPart(plan, fdLimit) {
  const processOptions = fdLimit === undefined ? {} : { fdLimit };
  const server = await startServer('context', processOptions);
  const client = await startClient(processOptions).catch(async (error) => {
    await server.child.stop();
    throw error;
  });
  try {
    // Warm-up: compile every path once, so the baseline already holds the code and caches.
    await client.request('openMany', { port: server.port, count: 50, concurrency: 10 });
    await client.request('echoHeld', { concurrency: 10 });
    await client.request('closeHeld', { concurrency: 10 });
    await waitServerIdle(server.child, 30_000);
    const baseline = await serverStats(server.child, true);

    /** @type {{ opened: number; failed: number; failures: string[]; elapsedMs: number }} */
    const opened = await client.request('openMany', {
      port: server.port,
      count: plan.connections,
      concurrency: plan.concurrency,
    });
    const holding = await serverStats(server.child, true);
    /** @type {{ echoed: number; failed: number; failures: string[] }} */
    const echoed = await client.request('echoHeld', { concurrency: plan.concurrency });
    /** @type {{ closed: number; failed: number; failures: string[] }} */
    const closed = await client.request('closeHeld', { concurrency: plan.concurrency });
    await waitServerIdle(server.child, 60_000);
    const after = await serverStats(server.child, true);

    const serverErrors = after.socketErrors + after.contextMissing;
    // The warm-up's 50 clients failing count too: any failure is an error.
    const errors =
      opened.failed + echoed.failed + closed.failed + serverErrors + (plan.connections - opened.opened);
    const held = Math.max(1, holding.open);
    return {
      summary: {
        connections: holding.open,
        errors,
        heapPerConnectionBytes: Math.round((holding.heapUsed - baseline.heapUsed) / held),
        rssPerConnectionBytes: Math.round((holding.rss - baseline.rss) / held),
      },
      details: {
        planned: plan.connections,
        openMs: Math.round(opened.elapsedMs),
        failures: [...new Set([...opened.failures, ...echoed.failures, ...closed.failures])].slice(0, 5),
        serverSocketErrors: after.socketErrors,
        connectionsWithoutContext: after.contextMissing,
        server: {
          baseline: { heapUsed: baseline.heapUsed, rss: baseline.rss },
          holding: { heapUsed: holding.heapUsed, rss: holding.rss, open: holding.open },
          afterClose: { heapUsed: after.heapUsed, rss: after.rss, open: after.open },
        },
      },
    };
  } finally {
    await client.stop();
    await server.child.stop();
  }
}
