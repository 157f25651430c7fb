// Test-only: run a script in a child Node process (any runtime) with a bounded lifetime.
import { type ChildResult, runNode as run } from '@ws-compat/vitest-config/child';

export { type ChildResult, jsonLines } from '@ws-compat/vitest-config/child';

/** Runs `execPath ...args` and resolves when it exits; kills it after `limitMs`. */
export function runNode(execPath: string, args: readonly string[], limitMs = 30_000): Promise<ChildResult> {
  return run(args, { execPath, limitMs });
}
