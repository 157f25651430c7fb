// Test-only: run a script in a child Node process with a bounded lifetime.
import { type ChildResult, runNode as run } from '@ws-compat/vitest-config/child';

export type { ChildResult } from '@ws-compat/vitest-config/child';

/**
 * Runs `node ...args` and resolves when it exits; kills it after `limitMs`. `execPath` is the node
 * binary: this process's by default, or another runtime's (see `node-runtimes.ts`).
 */
export function runNode(
  args: readonly string[],
  limitMs = 15_000,
  execPath: string = process.execPath,
): Promise<ChildResult> {
  return run(args, { limitMs, execPath });
}
