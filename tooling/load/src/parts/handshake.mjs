// @ts-check
import { alternateArms, blockDetails, summarizePair } from '../alternate.mjs';
import { serverStats, startClient, startServer } from '../load-processes.mjs';
import { profileFlags, readProfile } from '../profile-summary.mjs';

/**
 * The servers of part 1, each in its own process, and what each is compared with:
 * - `bare` (ws alone) against `proxy` (withConnectionContext with trustProxy only): `ratio`;
 * - `hand` (the same checks as `context`, written by hand) against `context`: `vsHandWritten`;
 * - `hand` against `upgrade` (every check through createUpgradeHandler on a noServer server, so ws's
 *   verifyClient path is skipped): `vsHandWrittenUpgrade`;
 * - `bare` against `bareControl`, a second bare server: `control`, the A/A ratio (the method's noise).
 */
const arms = /** @type {const} */ (['bare', 'proxy', 'hand', 'context', 'upgrade', 'bareControl']);

/**
 * Part 1: handshakes/s of ws@8 servers with and without `withConnectionContext`, against fair controls,
 * all in one run: every round one block of each server, in a rotating order, from one client process
 * writing raw handshakes.
 *
 * @param {import('../plan.mjs').LoadPlan['handshake']} plan
 * @param {{ profileDirectory?: string }} [options] `profileDirectory`: write a CPU profile of the bare and
 *   context servers there
 */
export async function runHandshakePart(plan, options = {}) {
  const profiles = {
    bare: options.profileDirectory ? profileFlags(options.profileDirectory, 'bare') : null,
    context: options.profileDirectory ? profileFlags(options.profileDirectory, 'context') : null,
  };
  /** @type {Record<string, { child: import('../child-process.mjs').NodeChild; port: number }>} */
  const servers = {};
  /** @type {{ stop(): Promise<void>; request(command: string, payload: unknown): Promise<any> } | null} */
  let client = null;
  /** @type {ReturnType<typeof summarize>} */
  let measured;
  try {
    for (const arm of arms) {
      const kind = arm === 'bareControl' ? 'bare' : arm;
      const profile = arm === 'bare' || arm === 'context' ? profiles[arm] : null;
      servers[arm] = await startServer(kind, profile ? { execArgv: profile.execArgv } : {});
    }
    client = await startClient();
    const requester = client;
    /** @param {{ child: import('../child-process.mjs').NodeChild; port: number }} server */
    const block = async (server) => {
      const before = await serverStats(server.child, false);
      /** @type {import('../alternate.mjs').Block} */
      const measured = await requester.request('handshakes', {
        port: server.port,
        count: plan.perBlock,
        concurrency: plan.concurrency,
      });
      const after = await serverStats(server.child, false);
      return { ...measured, cpuMs: after.cpuMs - before.cpuMs };
    };
    measured = summarize(
      plan,
      await alternateArms({
        rounds: plan.rounds,
        warmupRounds: plan.warmupRounds,
        arms: Object.fromEntries(
          arms.map((arm) => [arm, () => block(/** @type {(typeof servers)[string]} */ (servers[arm]))]),
        ),
      }),
    );
  } finally {
    await client?.stop();
    await Promise.all(Object.values(servers).map((server) => server.child.stop()));
  }
  // A server writes its CPU profile when it exits: read them only now.
  measured.details.profiles =
    profiles.bare && profiles.context
      ? { bare: readProfile(profiles.bare.directory), context: readProfile(profiles.context.directory) }
      : null;
  return measured;
}

/**
 * The summary (load.json) and details (load-details.json) of part 1.
 *
 * @param {import('../plan.mjs').LoadPlan['handshake']} plan
 * @param {import('../alternate.mjs').ArmsResult} result
 */
function summarize(plan, result) {
  {
    const pair = (/** @type {string} */ subject, /** @type {string} */ control) => {
      const { cpuRatio, ...rest } = summarizePair(result, subject, control);
      return { ...rest, serverCpuRatio: cpuRatio };
    };
    const main = pair('proxy', 'bare');
    const vsHand = pair('context', 'hand');
    const vsHandUpgrade = pair('upgrade', 'hand');
    // Not a target: what skipping ws's verifyClient path is worth, same checks on both sides.
    const upgradeVsContext = pair('upgrade', 'context');
    const control = pair('bareControl', 'bare');
    return {
      summary: {
        bare: Math.round(result.rate('bare')),
        ours: Math.round(result.rate('proxy')),
        ratio: main.ratio,
        handWritten: Math.round(result.rate('hand')),
        oursAllChecks: Math.round(result.rate('context')),
        vsHandWritten: vsHand.ratio,
        control: control.ratio,
        upgradeAllChecks: Math.round(result.rate('upgrade')),
        vsHandWrittenUpgrade: vsHandUpgrade.ratio,
      },
      details: {
        handshakesPerBlock: plan.perBlock,
        rounds: plan.rounds,
        concurrency: plan.concurrency,
        order: 'one block of each server per round, order rotated every round',
        ...blockDetails(result),
        pairs: {
          ratio: main,
          vsHandWritten: vsHand,
          control,
          vsHandWrittenUpgrade: vsHandUpgrade,
          upgradeVsContext,
        },
        ratesPerSecond: Object.fromEntries(arms.map((arm) => [arm, Math.round(result.rate(arm))])),
        serverCpuMicrosPerHandshake: Object.fromEntries(
          arms.map((arm) => {
            const micros = result.cpuMicrosPerOperation(arm);
            return [arm, micros === null ? null : Math.round(micros)];
          }),
        ),
        /** @type {{ bare: unknown; context: unknown } | null} */
        profiles: null,
      },
    };
  }
}
