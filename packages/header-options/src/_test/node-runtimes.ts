// Test-only: the Node runtimes that tooling/node-runtimes locks (runtimes.lock.json), for child
// processes, so one test run drives Node 20, 22 and 24 whatever Node runs vitest. A missing runtime
// is a prerequisite (@ws-compat/vitest-config/prerequisites): a visible skip with its reason, and a
// failure on CI (CI=true), where nothing may be skipped.

import { ensureNodeRuntime, type NodeMajor, type NodeRuntime } from '@ws-compat/node-runtimes';
import type { Prerequisite } from '@ws-compat/vitest-config/prerequisites';

export type { NodeMajor, NodeRuntime };

/** A locked runtime as a prerequisite: `runtime` is set when `ok`. */
export interface LockedRuntime extends Prerequisite {
  readonly runtime: NodeRuntime | null;
}

/** The locked runtime of `major` (the running Node, the cache, or a verified download); never throws. */
export async function lockedNodeRuntime(major: NodeMajor): Promise<LockedRuntime> {
  try {
    const runtime = await ensureNodeRuntime(major);
    return { ok: true, reason: `Node ${runtime.version} (${runtime.source})`, runtime };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: `Node ${major} is not available (${typeof code === 'string' ? `${code}: ` : ''}${message}); run pnpm runtimes`,
      runtime: null,
    };
  }
}
